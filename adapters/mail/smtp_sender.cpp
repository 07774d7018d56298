#include "adapters/mail/smtp_sender.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace timescales::mail {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// libcurl reads the message through this, a piece at a time.
struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

struct CurlHandle {
  CURL* curl = curl_easy_init();
  curl_slist* recipients = nullptr;
  ~CurlHandle() {
    curl_slist_free_all(recipients);
    if (curl) curl_easy_cleanup(curl);
  }
};

class SmtpSender final : public MailSender {
 public:
  explicit SmtpSender(SmtpSettings settings) : settings_(std::move(settings)) { global_init_once(); }

  Status send(const MailMessage& message) override {
    CurlHandle h;
    if (!h.curl) return Error{ErrorKind::io, message_name(message) + ": not sent: libcurl could not start"};
    char detail[CURL_ERROR_SIZE] = "";
    const std::string from = "<" + message.envelope_from + ">";
    for (const auto& r : message.recipients) h.recipients = curl_slist_append(h.recipients, ("<" + r + ">").c_str());
    Upload upload{&message.data};
    curl_easy_setopt(h.curl, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(h.curl, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for timeouts in a threaded program
    curl_easy_setopt(h.curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");  // the URL cannot make it fetch a file
    curl_easy_setopt(h.curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h.curl, CURLOPT_MAIL_RCPT, h.recipients);
    curl_easy_setopt(h.curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(h.curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h.curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.data.size()));
    curl_easy_setopt(h.curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h.curl, CURLOPT_CONNECTTIMEOUT, std::min(settings_.timeout_seconds, 30L));
    curl_easy_setopt(h.curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
    if (settings_.tls == SmtpTls::starttls) curl_easy_setopt(h.curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!settings_.user.empty()) {
      curl_easy_setopt(h.curl, CURLOPT_USERNAME, settings_.user.c_str());
      curl_easy_setopt(h.curl, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(h.curl);
    if (code == CURLE_OK) return Ok{};
    long reply = 0;
    curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &reply);
    std::string why = *detail ? detail : curl_easy_strerror(code);
    if (reply != 0) why += " (the server's last reply: " + std::to_string(reply) + ")";
    return Error{ErrorKind::io, message_name(message) + ": not sent by " + describe() + ": " + why};
  }

  std::string describe() const override {
    // The URL as given, which names no password (the recipients file refuses one in it).
    return settings_.url;
  }

 private:
  SmtpSettings settings_;
};

}  // namespace

std::unique_ptr<MailSender> make_smtp_sender(SmtpSettings settings) {
  return std::make_unique<SmtpSender>(std::move(settings));
}

}  // namespace timescales::mail
