#include "adapters/mail/digest_delivery.hpp"

#include <algorithm>

#include "adapters/alerts/digest_email.hpp"
#include "adapters/mail/mail_date.hpp"

namespace timescales::mail {
namespace {

std::string joined(const std::vector<std::string>& addresses) {
  std::string out;
  for (const auto& a : addresses) out += (out.empty() ? "" : ", ") + a;
  return out;
}

bool from_the_data(const std::string& recipient) {
  return recipient.rfind(std::string(outputs::kEachTeam) + ":", 0) == 0 ||
         recipient.rfind(std::string(outputs::kEachOwner) + ":", 0) == 0;
}

std::string what(const std::string& subject, size_t lines) {
  return "(" + subject + "; " + std::to_string(lines) + (lines == 1 ? " line)" : " lines)");
}

}  // namespace

std::string compose_message(const QueuedDigest& digest, const Recipients& recipients, const std::string& date) {
  std::string m;
  m += "From: " + recipients.from + "\r\n";
  // Folded between addresses (RFC 5322 §2.2.3), so a long list keeps lines under 78 characters.
  std::string to = "To: ";
  size_t line = to.size();
  for (const auto& a : recipients.addresses_for(digest.recipient)) {
    if (line > 4) {
      const bool fold = line + 2 + a.size() > 76;
      to += fold ? ",\r\n " : ", ";
      line = fold ? 1 : line + 2;
    }
    to += a;
    line += a.size();
  }
  m += to + "\r\n";
  m += "Date: " + date + "\r\n";
  m += "Message-ID: <digest." + digest.key + "@" + recipients.message_id_domain + ">\r\n";
  // RFC 3834: a machine's message, so out-of-office replies are not sent back to it.
  m += "Auto-Submitted: auto-generated\r\n";
  return m + digest.content;
}

void queue_digests(Outbox& outbox, const std::vector<alerts::Digest>& digests, const Recipients& recipients,
                   bool dry_run, DeliveryReport& report) {
  for (const auto& d : digests) {
    const auto& to = recipients.addresses_for(d.recipient);
    if (to.empty()) {
      const std::string why = d.recipient + "'s digest of " + to_iso(d.as_of) + " has no address in " +
                              recipients.file.string() + ", so it was not sent (it is in alerts/)";
      if (from_the_data(d.recipient)) report.warnings.push_back(why);
      else report.failures.push_back(Error{ErrorKind::invalid_input, why});
      continue;
    }
    QueuedDigest q;
    q.key = Outbox::key_for(d.recipient, d.as_of);
    if (outbox.was_sent(q.key)) {
      ++report.already_sent;
      report.done.push_back("already sent: " + d.recipient + "'s digest of " + to_iso(d.as_of) + " (not sent again)");
      continue;
    }
    if (dry_run) {
      if (outbox.is_queued(q.key)) continue;  // listed already, with the queued ones
      ++report.would_send;
      report.done.push_back("would send " + d.recipient + "'s digest of " + to_iso(d.as_of) + " to " + joined(to) + " " +
                            what(alerts::digest_subject(d), d.line_count()));
      continue;
    }
    q.recipient = d.recipient;
    q.as_of = d.as_of;
    q.lines = d.line_count();
    q.content = alerts::render_digest_content(d);
    // Not yet sent: tonight's content replaces a queued one of the same night (a run again after
    // a correction), and it is still sent once.
    if (auto s = outbox.queue(q); !s) {
      report.failures.push_back(s.error());
      continue;
    }
    ++report.queued;
  }
  // An [audience] name no digest has (a misspelling, a digest since removed from outputs.toml):
  // its addresses would never get anything. Each declared audience has a digest every night.
  if (!digests.empty())
    for (const auto& [recipient, _] : recipients.audiences) {
      if (from_the_data(recipient)) continue;
      const bool declared = std::any_of(digests.begin(), digests.end(), [&](const alerts::Digest& d) { return d.recipient == recipient; });
      if (!declared)
        report.warnings.push_back(recipients.file.string() + ": [audience] " + recipient +
                                  ": no digest has this audience (rules/outputs.toml declares the audiences)");
    }
}

void send_queued(Outbox& outbox, const Recipients& recipients, MailSender& sender, bool dry_run,
                 DeliveryReport& report, const std::function<std::string()>& date) {
  // One queued file spoilt (by hand, by a full disk) must not stop the others: it is reported
  // each run until somebody looks at it.
  std::vector<Error> unreadable;
  auto queued = outbox.queued(unreadable);
  for (auto& e : unreadable)
    report.failures.push_back(Error{ErrorKind::io, e.message + " (it stays in the outbox, not sent)"});
  if (!queued) {
    report.failures.push_back(queued.error());
    return;
  }
  for (const auto& q : *queued) {
    const std::string name = q.recipient + "'s digest of " + to_iso(q.as_of);
    const auto& to = recipients.addresses_for(q.recipient);
    if (to.empty()) {
      report.failures.push_back(Error{ErrorKind::invalid_input, name + " is queued but " + recipients.file.string() +
                                                                    " gives no address for " + q.recipient +
                                                                    "; it stays queued"});
      continue;
    }
    if (dry_run) {
      ++report.would_send;
      report.done.push_back("would send " + name + " to " + joined(to) + " by " + sender.describe() + " " +
                            what(q.subject, q.lines));
      continue;
    }
    MailMessage m{q.recipient, recipients.envelope_from, to, compose_message(q, recipients, date())};
    if (auto sent = sender.send(m); !sent) {
      report.failures.push_back(Error{ErrorKind::io, sent.error().message + "; it stays queued for the next run"});
      continue;
    }
    if (auto marked = outbox.mark_sent(q.key); !marked) {
      report.failures.push_back(Error{ErrorKind::io, name + " was accepted by the mail system but could not be marked sent (" +
                                                         marked.error().message +
                                                         "): the next run may send it again, with the same Message-ID"});
      continue;
    }
    ++report.sent;
    report.done.push_back("sent " + name + " to " + joined(to) + " " + what(q.subject, q.lines));
  }
}

std::function<alerts::EmailAddresses(const alerts::Digest&)> email_addresses_from(const Recipients& recipients) {
  return [from = recipients.from, audiences = recipients.audiences](const alerts::Digest& d) {
    alerts::EmailAddresses a;
    a.from = from;
    if (auto it = audiences.find(d.recipient); it != audiences.end()) a.to = joined(it->second);
    return a;
  };
}

DeliveryReport deliver_digests(const std::filesystem::path& outbox_dir, const std::vector<alerts::Digest>& digests,
                               const Recipients& recipients, bool dry_run) {
  DeliveryReport report;
  auto outbox = Outbox::open(outbox_dir, dry_run ? OutboxAccess::read_only : OutboxAccess::read_write);
  if (!outbox) {
    report.failures.push_back(outbox.error());
    return report;
  }
  // Already-queued digests are listed first in a dry run: they go before tonight's.
  auto sender = recipients.make_sender();
  if (dry_run) send_queued(*outbox, recipients, *sender, true, report, rfc5322_date_now);
  queue_digests(*outbox, digests, recipients, dry_run, report);
  if (!dry_run) send_queued(*outbox, recipients, *sender, false, report, rfc5322_date_now);
  return report;
}

}  // namespace timescales::mail
