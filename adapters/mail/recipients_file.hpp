// The recipients file: the council's own configuration, kept outside the source tree (for
// example /etc/timescales/recipients.toml; adapters/nightly/deploy/recipients.example.toml is a
// commented example). It says how the digests are sent (SMTP or the local sendmail, and its
// settings), the From: address, and who receives each digest:
//
//   [audience]   complaints_officer = ["complaints@council.gov.uk"]    a declared audience
//   [team]       "CIN Widnes" = "cin.widnes@council.gov.uk"            "team:CIN Widnes"
//   [owner]      "A Coordinator" = ["a.coordinator@council.gov.uk"]    "owner:A Coordinator"
//
// Addresses are plain addr-specs (local@domain), ASCII, with nothing a header could be split by;
// a password is never in the file (password_file or password_env name where it is). Every
// problem is an error at file:line:column.
//
// Thread-safety: a loaded Recipients is an immutable value, safe to share const.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/mail/mail_sender.hpp"
#include "adapters/mail/smtp_sender.hpp"
#include "engine/core/result.hpp"

namespace timescales::mail {

enum class DeliveryMethod { smtp, sendmail };

struct Recipients {
  std::filesystem::path file;  // where it was read from, for messages
  DeliveryMethod method = DeliveryMethod::smtp;
  SmtpSettings smtp;
  std::filesystem::path sendmail;
  std::string from;            // the From: header: "Timescales <timescales@council.gov.uk>"
  std::string envelope_from;   // its addr-spec
  std::string message_id_domain;  // the From address's domain, for Message-IDs
  std::map<std::string, std::vector<std::string>> audiences;  // "complaints_officer", "team:X", "owner:Y"

  // The addresses of a digest's recipient ("complaints_officer", "team:CIN Widnes"); empty when
  // the file gives none.
  const std::vector<std::string>& addresses_for(const std::string& recipient) const;
  std::unique_ptr<MailSender> make_sender() const;
};

// Parses the file's text; `file` names it in errors. `environment` looks up password_env (tests
// give their own; the program gives getenv).
Result<Recipients> parse_recipients(std::string_view text, const std::string& file,
                                    const std::function<const char*(const char*)>& environment);
// Reads and parses the file, with the process's environment.
Result<Recipients> load_recipients(const std::filesystem::path& file);

// Whether `address` is an addr-spec the file accepts: local@domain, printable ASCII, no spaces,
// no <>()[],;:"\ and no line breaks.
bool is_plain_address(std::string_view address);

}  // namespace timescales::mail
