// Sending by SMTP through libcurl: smtp://host[:port] (with STARTTLS unless the settings say
// "none"), or smtps://host[:port] (TLS from the first byte). The password, when the relay wants
// one, is read from a file or an environment variable by the recipients file's loader, never
// written in that file.
//
// Contract: MailSender's. One connection per message, closed after it: a nightly run sends a few
// dozen messages, and a fresh connection each time keeps one failure from touching the next.
//
// Thread-safety: one thread at a time per sender (MailSender). libcurl's global setup is done
// once, on first use, behind a std::call_once.
#pragma once

#include <memory>
#include <string>

#include "adapters/mail/mail_sender.hpp"

namespace timescales::mail {

enum class SmtpTls {
  starttls,  // smtp://: upgrade with STARTTLS, and refuse to send if the server cannot
  none,      // smtp://: plain, for a relay on this machine or a trusted segment only
  implicit,  // smtps://
};

struct SmtpSettings {
  std::string url;   // "smtp://relay.council.gov.uk:587"
  SmtpTls tls = SmtpTls::starttls;
  std::string user;      // empty: no authentication
  std::string password;  // from password_file / password_env
  long timeout_seconds = 60;
};

std::unique_ptr<MailSender> make_smtp_sender(SmtpSettings settings);

}  // namespace timescales::mail
