// A mail server for tests: listens on 127.0.0.1 (a port the system picks), speaks as much SMTP
// as a client needs to hand over a message (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA with
// its dot-stuffing undone, RSET, NOOP, QUIT) and keeps every message it accepted. No TLS, no
// AUTH: a client told to insist on STARTTLS fails against it, as it would against any such
// server. With `refuse_data`, it answers the end of each message with 451 (a temporary failure:
// "try again later") and keeps nothing. Test support, not production code: one connection at a
// time, on its own thread.
//
// Thread-safety: messages() and the setters may be called from the test's thread while the
// server's thread runs; they take a mutex.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace timescales::test {

struct ReceivedMail {
  std::string mail_from;               // "<timescales@council.example>"
  std::vector<std::string> rcpt_to;    // "<a@council.example>"
  std::string data;                    // the message, CRLF line ends, dot-stuffing undone
};

class SmtpSink {
 public:
  SmtpSink() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener_, 8) != 0)
      return;
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) ::close(listener_);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }  // 0 when it could not listen
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  void refuse_data(bool refuse) { refuse_ = refuse; }
  std::vector<ReceivedMail> messages() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;  // wakes to see stop_; no test waits on this
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      converse(fd);
      ::close(fd);
    }
  }

  // One line from the client, without its CRLF; false when it has gone.
  bool read_line(int fd, std::string& line) {
    for (;;) {
      const auto end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) == 0) {
        if (stop_) return false;
        continue;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  static void reply(int fd, const std::string& text) {
    const std::string line = text + "\r\n";
    (void)::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
  }

  static std::string verb(const std::string& line) {
    std::string v;
    for (char c : line.substr(0, line.find_first_of(" :"))) v += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return v;
  }

  void converse(int fd) {
    buffer_.clear();
    reply(fd, "220 sink.test ESMTP ready");
    ReceivedMail mail;
    std::string line;
    while (read_line(fd, line)) {
      const std::string v = verb(line);
      if (v == "EHLO") {
        reply(fd, "250-sink.test");
        reply(fd, "250 8BITMIME");
      } else if (v == "HELO" || v == "NOOP") {
        reply(fd, "250 sink.test");
      } else if (v == "RSET") {
        mail = {};
        reply(fd, "250 reset");
      } else if (v == "MAIL") {
        mail = {};
        mail.mail_from = line.substr(line.find(':') + 1);
        reply(fd, "250 sender ok");
      } else if (v == "RCPT") {
        mail.rcpt_to.push_back(line.substr(line.find(':') + 1));
        reply(fd, "250 recipient ok");
      } else if (v == "DATA") {
        reply(fd, "354 end with <CRLF>.<CRLF>");
        std::string data;
        bool ended = false;
        while (read_line(fd, line)) {
          if (line == ".") {
            ended = true;
            break;
          }
          if (!line.empty() && line[0] == '.') line.erase(0, 1);  // RFC 5321 §4.5.2
          data += line + "\r\n";
        }
        if (!ended) return;
        if (refuse_) {
          reply(fd, "451 4.3.0 try again later");
          continue;
        }
        mail.data = std::move(data);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          messages_.push_back(mail);
        }
        reply(fd, "250 2.0.0 queued");
      } else if (v == "QUIT") {
        reply(fd, "221 bye");
        return;
      } else {
        reply(fd, "502 command not implemented");
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> refuse_{false};
  std::string buffer_;
  mutable std::mutex mutex_;
  std::vector<ReceivedMail> messages_;
};

}  // namespace timescales::test
