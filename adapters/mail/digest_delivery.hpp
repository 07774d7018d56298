// Delivering the nightly digests: queue tonight's in the outbox, then send every queued one
// (tonight's and any an earlier night failed to send) to its recipient's addresses.
//
// Who gets a digest is the recipients file's. A digest whose recipient has no address there is
// never silently dropped:
//   - a declared audience's ("complaints_officer", "send_team") is a failure (exit 2): the
//     council declared that somebody reads it, and nobody will;
//   - a team's or an owner's ("team:…", "owner:…") is a warning on stderr: teams and owners come
//     from the data, and a new one, not yet in the file, should not fail every night's sending.
// Either way its .txt and .eml stay in alerts/, and it is not queued.
//
// Thread-safety: plain functions over an Outbox and a MailSender, one thread at a time.
#pragma once

#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "adapters/alerts/deadline_digest.hpp"
#include "adapters/alerts/digest_email.hpp"
#include "adapters/mail/mail_sender.hpp"
#include "adapters/mail/outbox.hpp"
#include "adapters/mail/recipients_file.hpp"

namespace timescales::mail {

struct DeliveryReport {
  // One line per message handled, for stdout; no case named: "sent complaints_officer's digest
  // of 2026-01-05 to a@x (Complaint deadlines 2026-01-05: ..., 12 lines)".
  std::vector<std::string> done;
  std::vector<std::string> warnings;  // a team or owner with no address
  std::vector<Error> failures;        // a send refused, or a declared audience with no address
  size_t queued = 0, sent = 0, already_sent = 0, would_send = 0;
  bool ok() const { return failures.empty(); }
};

// Queues each digest whose recipient has addresses and that is not sent already; with
// `dry_run`, says what would be queued and queues nothing (the outbox may be read-only).
void queue_digests(Outbox& outbox, const std::vector<alerts::Digest>& digests, const Recipients& recipients,
                   bool dry_run, DeliveryReport& report);

// Sends every queued digest, oldest night first, marking each sent as soon as the mail system
// has accepted it; a failure leaves it queued and goes on to the next. With `dry_run`, says who
// would get what and sends nothing. `date` gives each message's Date: header at the moment it
// is sent (mail::rfc5322_date_now; tests give their own).
void send_queued(Outbox& outbox, const Recipients& recipients, MailSender& sender, bool dry_run,
                 DeliveryReport& report, const std::function<std::string()>& date);

// A whole delivery: opens <out>/outbox (read-only for a dry run), queues `digests` (none for
// `timescales send`), then sends every queued one by the recipients file's method, each dated as
// it is sent.
DeliveryReport deliver_digests(const std::filesystem::path& outbox_dir, const std::vector<alerts::Digest>& digests,
                               const Recipients& recipients, bool dry_run);

// The From and To of the alerts/<recipient>.eml files, from the recipients file (the To: left
// as the placeholder for a recipient it gives no address).
std::function<alerts::EmailAddresses(const alerts::Digest&)> email_addresses_from(const Recipients& recipients);

// The message as it is sent: From, To, Date, Message-ID and Auto-Submitted before the content.
std::string compose_message(const QueuedDigest& digest, const Recipients& recipients, const std::string& date);

}  // namespace timescales::mail
