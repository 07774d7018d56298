// The words and commands of a possible correction (event_importer.hpp): what an officer reads in
// the import's report and the rejects file, and can paste once they have checked the case.
#include "adapters/import/event_importer.hpp"

#include <cctype>

namespace timescales {
namespace {

// Quoted for a POSIX shell when it needs to be: references and dates never do, reasons may.
std::string shell_word(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s)
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':');
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string with_reason(const std::string& date, const std::string& reason) {
  return reason.empty() ? date : date + " (" + reason + ")";
}

}  // namespace

std::string PossibleCorrection::correct_command() const {
  std::string out = "timescales case correct-event";
  if (!db.empty()) out += " --db " + shell_word(db);
  out += " " + std::to_string(stored_event_id);
  out += " --date " + date;
  if (reason != stored_reason) out += " --reason " + (reason.empty() ? std::string("''") : shell_word(reason));
  return out + " --why \"…\"";
}

std::string PossibleCorrection::add_command() const {
  std::string out = "timescales case add-event";
  if (!db.empty()) out += " --db " + shell_word(db);
  out += " " + shell_word(case_id) + " " + shell_word(event) + " " + date;
  if (!reason.empty()) out += " --reason " + shell_word(reason);
  return out;
}

std::string PossibleCorrection::message() const {
  return "possible correction, not imported: event " + std::to_string(stored_event_id) + " of case '" + case_id +
         "' is " + event + " on " + with_reason(stored_date, stored_reason) + "; this row says " +
         with_reason(date, reason) + ". To correct it: " + correct_command() +
         ". If it is another " + event + " instead: " + add_command();
}

}  // namespace timescales
