// The digest as an e-mail message file (RFC 5322, MIME multipart/alternative with text and HTML
// parts, CRLF line ends). Both parts are quoted-printable under a random boundary, so no text
// from a case (a reason, a team's name) can end a part or start one of its own. Everything else
// in the file is the same for the same digest and Date; the boundary differs from one rendering
// to the next.
//
// The message is in two pieces: its content (Subject, the MIME headers and both parts), which the
// outbox keeps (adapters/mail/outbox.hpp), and the From, To, Date and Message-ID headers, which
// the sender puts on when it sends (so Date is the time it was sent, a retry's included).
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>

#include "adapters/alerts/deadline_digest.hpp"

namespace timescales::alerts {

struct EmailAddresses {
  std::string from = "timescales <timescales@localhost>";
  std::string to;    // empty: "<recipient>@localhost", to be mapped by the relay
  std::string date;  // the Date: header's value; empty: now, in the local time zone
};

// The whole message: the alerts/<audience>.eml the nightly run writes beside the text digest.
std::string render_digest_email(const Digest& digest, const EmailAddresses& addresses);

// The content alone: "Subject: ..." and the MIME headers, a blank line, the parts; CRLF line
// ends, ASCII headers. With From, To, Date and Message-ID lines put before it, a whole message.
std::string render_digest_content(const Digest& digest);

// "Complaint deadlines 2026-01-05: 1 overdue, 1 due today, 2 due soon"
std::string digest_subject(const Digest& digest);

// HTML-escapes text for the HTML part (and for reports).
std::string html_escape(const std::string& text);

}  // namespace timescales::alerts
