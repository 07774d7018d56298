#include "adapters/web/stop_signals.hpp"

#include <atomic>
#include <csignal>

namespace timescales::web {
namespace {

std::atomic<bool> signalled{false};
static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler may only touch a lock-free atomic");

extern "C" void on_stop_signal(int) { signalled.store(true, std::memory_order_relaxed); }

}  // namespace

bool install_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // the server's own reads and writes carry on until it stops
  return sigaction(SIGTERM, &action, nullptr) == 0 && sigaction(SIGINT, &action, nullptr) == 0;
}

bool stop_signal_received() { return signalled.load(std::memory_order_relaxed); }

}  // namespace timescales::web
