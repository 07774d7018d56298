#include "adapters/mail/mail_sender.hpp"

namespace timescales::mail {

std::string message_name(const MailMessage& message) {
  std::string to;
  for (const auto& r : message.recipients) to += (to.empty() ? "" : ", ") + r;
  return message.audience + "'s digest (to " + to + ")";
}

}  // namespace timescales::mail
