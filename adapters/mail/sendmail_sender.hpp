// Sending by the local sendmail (Postfix's, Exim's, msmtp's...): the program is started directly
// (no shell) as `PATH -t -oi -f FROM`, given the message on its standard input with LF line ends,
// and its exit status 0 is taken as acceptance. -t: the recipients are the To: header's; -oi: a
// line holding only "." does not end the message.
//
// Contract: MailSender's. A sendmail that exits non-zero, is killed, or cannot be started is an
// Error with its exit status (75, EX_TEMPFAIL, is the usual "try again later").
//
// Thread-safety: one thread at a time per sender. While it writes to the child it blocks SIGPIPE
// on the calling thread only, so a child that exits early is an error, not the program's death.
#pragma once

#include <filesystem>
#include <memory>

#include "adapters/mail/mail_sender.hpp"

namespace timescales::mail {

inline constexpr const char* kDefaultSendmail = "/usr/sbin/sendmail";

std::unique_ptr<MailSender> make_sendmail_sender(std::filesystem::path program = kDefaultSendmail);

}  // namespace timescales::mail
