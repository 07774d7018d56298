// "No database is locked may ever reach a user": a store call that fails as busy (another writer
// held the store past the store's own wait, the nightly run committing) is tried again a few
// times, a little later each time, before the API answers 503 with Retry-After (api_problem.hpp)
// — never a 500 with SQLite's words. Only busy is retried: every other failure is the answer.
//
// The calls retried must be safe to repeat: a store's unit of work that failed busy wrote
// nothing (case_store.hpp), so each use case below it may be called again whole.
//
// Thread-safety: the function holds no state; it runs the call on the calling thread.
#pragma once

#include <chrono>
#include <thread>
#include <type_traits>

#include "engine/core/result.hpp"

namespace timescales::web::api {

inline constexpr int kBusyAttempts = 4;  // the first try and three more, 50 + 100 + 200 ms apart

template <class Call>
auto retry_while_busy(Call&& call) -> decltype(call()) {
  auto result = call();
  auto pause = std::chrono::milliseconds(50);
  for (int attempt = 1; attempt < kBusyAttempts && !result.ok() && result.error().kind == ErrorKind::busy; ++attempt) {
    std::this_thread::sleep_for(pause);
    pause *= 2;
    result = call();
  }
  return result;
}

}  // namespace timescales::web::api
