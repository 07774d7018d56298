// Handing one finished message to the council's mail system: its SMTP relay (smtp_sender.hpp)
// or the local sendmail (sendmail_sender.hpp).
//
// Contract: send() returns Ok only once the mail system has accepted the message for every
// recipient (SMTP's 250 after the data; sendmail's exit status 0); then it is the relay's to
// deliver. Anything else is an Error naming the audience and the addresses and saying what the
// mail system said, never the message's content (it names cases). A failed send may be tried
// again; whether a message the relay accepted but whose acceptance was lost on the way back (a
// dropped connection after the data) arrives twice is up to the receiver, who can drop the
// duplicate by its Message-ID.
//
// Thread-safety: a sender is used by one thread at a time; separate senders may run at once.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.hpp"

namespace timescales::mail {

struct MailMessage {
  std::string audience;                 // whose digest, for errors: "team:CIN Widnes"
  std::string envelope_from;            // addr-spec: "timescales@council.gov.uk"
  std::vector<std::string> recipients;  // addr-specs, as in the To: header
  std::string data;                     // the whole message, headers and body, CRLF line ends
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  virtual Status send(const MailMessage& message) = 0;
  // "smtp://relay.council.gov.uk:587", "/usr/sbin/sendmail": for what a dry run prints.
  virtual std::string describe() const = 0;
};

// "team:CIN Widnes (a@x, b@y)": how an error names the message.
std::string message_name(const MailMessage& message);

}  // namespace timescales::mail
