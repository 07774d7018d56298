// The digest as an e-mail message file (RFC 5322, MIME multipart/alternative with text and HTML
// parts, CRLF line ends) ready to hand to the council's mail relay (e.g. `sendmail -t < file`).
// Both parts are quoted-printable under a random boundary, so no text from a case (a reason, a
// team's name) can end a part or start one of its own. Everything else in the file is the same
// for the same digest; the boundary differs from one rendering to the next.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>

#include "adapters/alerts/deadline_digest.hpp"

namespace timescales::alerts {

struct EmailAddresses {
  std::string from = "timescales <timescales@localhost>";
  std::string to;  // empty: "<recipient>@localhost", to be mapped by the relay
};

std::string render_digest_email(const Digest& digest, const EmailAddresses& addresses);

// HTML-escapes text for the HTML part (and for reports).
std::string html_escape(const std::string& text);

}  // namespace timescales::alerts
