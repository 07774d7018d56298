// Stopping the server cleanly on SIGTERM (systemd's KillSignal) and SIGINT (Ctrl-C).
//
// The handler only stores to a lock-free atomic flag, which is async-signal-safe; the server's
// watcher thread (WebServer::run) polls the flag and stops the server from an ordinary thread,
// where taking locks and closing sockets is allowed.
//
// Thread-safety: install once, from the main thread, before the server runs; the flag may be
// read from any thread.
#pragma once

namespace timescales::web {

// Installs the handlers for SIGTERM and SIGINT (false if the system refused).
bool install_stop_signals();
// Whether either signal has arrived since install_stop_signals().
bool stop_signal_received();

}  // namespace timescales::web
