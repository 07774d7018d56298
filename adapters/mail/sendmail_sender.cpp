#include "adapters/mail/sendmail_sender.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

extern char** environ;

namespace timescales::mail {
namespace {

// Writes everything to `fd` with SIGPIPE blocked on this thread; a pending SIGPIPE raised by
// the write is taken before the mask is restored, so it is never delivered.
bool write_all(int fd, const std::string& data, int& error) {
  sigset_t pipe_only, old;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  bool ok = true;
  for (size_t done = 0; done < data.size();) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (!ok && error == EPIPE) {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &zero) == SIGPIPE) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return ok;
}

std::string lf(const std::string& crlf_text) {
  std::string out;
  out.reserve(crlf_text.size());
  for (size_t i = 0; i < crlf_text.size(); ++i)
    if (!(crlf_text[i] == '\r' && i + 1 < crlf_text.size() && crlf_text[i + 1] == '\n')) out += crlf_text[i];
  return out;
}

class SendmailSender final : public MailSender {
 public:
  explicit SendmailSender(std::filesystem::path program) : program_(std::move(program)) {}

  Status send(const MailMessage& message) override {
    const std::string name = message_name(message);
    int to_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0)
      return Error{ErrorKind::io, name + ": not sent: cannot make a pipe: " + std::strerror(errno)};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    const std::string path = program_.string();
    std::vector<std::string> args = {path, "-t", "-oi", "-f", message.envelope_from};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    if (spawned != 0) {
      ::close(to_child[1]);
      return Error{ErrorKind::io, name + ": not sent: cannot start " + path + ": " + std::strerror(spawned)};
    }
    int write_error = 0;
    const bool written = write_all(to_child[1], lf(message.data), write_error);
    ::close(to_child[1]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && written) return Ok{};
    std::string why = WIFEXITED(status)   ? path + " exited with status " + std::to_string(WEXITSTATUS(status))
                      : WIFSIGNALED(status) ? path + " was killed by signal " + std::to_string(WTERMSIG(status))
                                            : path + " ended abnormally";
    if (!written) why += " (it stopped reading the message: " + std::string(std::strerror(write_error)) + ")";
    return Error{ErrorKind::io, name + ": not sent: " + why};
  }

  std::string describe() const override { return program_.string() + " -t -oi"; }

 private:
  std::filesystem::path program_;
};

}  // namespace

std::unique_ptr<MailSender> make_sendmail_sender(std::filesystem::path program) {
  return std::make_unique<SendmailSender>(std::move(program));
}

}  // namespace timescales::mail
