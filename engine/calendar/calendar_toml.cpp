#include "engine/calendar/calendar_toml.hpp"

#include <algorithm>
#include <array>

#include "engine/core/toml_fields.hpp"

namespace timescales {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};

Result<const toml::table*> calendar_header(const toml::table& doc, const std::string& file) {
  TomlFields top(doc, file);
  auto header = top.subtable("calendar");
  if (!header) return header.error();
  if (!*header) return top.error_here("missing the [calendar] table");
  return *header;
}

Result<HolidayRule> read_rule(const toml::table& t, const std::string& file) {
  TomlFields f(t, file);
  HolidayRule rule;
  auto name = f.string("name");
  if (!name) return name.error();
  rule.name = *name;
  auto kind = f.string("kind");
  if (!kind) return kind.error();
  auto basis = f.string_or("basis", "");
  if (!basis) return basis.error();
  rule.basis = *basis;
  auto from = f.integer_or("from_year", 0);
  auto to = f.integer_or("to_year", 0);
  if (!from) return from.error();
  if (!to) return to.error();
  rule.from_year = static_cast<int>(*from);
  rule.to_year = static_cast<int>(*to);

  auto month_field = [&]() -> Result<unsigned> {
    auto m = f.integer("month");
    if (!m) return m.error();
    if (*m < 1 || *m > 12) return f.error("month", "month must be 1 to 12");
    return static_cast<unsigned>(*m);
  };

  if (*kind == "fixed_date") {
    rule.kind = HolidayRule::Kind::fixed_date;
    auto m = month_field();
    if (!m) return m.error();
    rule.month = *m;
    auto d = f.integer("day");
    if (!d) return d.error();
    if (*d < 1 || *d > 31) return f.error("day", "day must be 1 to 31");
    rule.day = static_cast<unsigned>(*d);
    auto sub = f.boolean_or("substitute", false);
    if (!sub) return sub.error();
    rule.substitute = *sub;
  } else if (*kind == "easter") {
    rule.kind = HolidayRule::Kind::easter_offset;
    auto off = f.integer("offset");
    if (!off) return off.error();
    rule.easter_offset = static_cast<int>(*off);
  } else if (*kind == "nth_weekday") {
    rule.kind = HolidayRule::Kind::nth_weekday;
    auto m = month_field();
    if (!m) return m.error();
    rule.month = *m;
    auto wd = f.string("weekday");
    if (!wd) return wd.error();
    auto it = std::find(kWeekdays.begin(), kWeekdays.end(), *wd);
    if (it == kWeekdays.end()) return f.error("weekday", "weekday must be Monday to Sunday");
    rule.weekday = static_cast<unsigned>(it - kWeekdays.begin()) + 1;
    const toml::node* nth = t.get("nth");
    if (nth && nth->value<std::string>() == std::optional<std::string>("last")) {
      rule.nth = -1;
    } else {
      auto n = f.integer("nth");
      if (!n) return f.error("nth", "nth must be 1 to 5, or \"last\"");
      if (*n < 1 || *n > 5) return f.error("nth", "nth must be 1 to 5, or \"last\"");
      rule.nth = static_cast<int>(*n);
    }
  } else {
    return f.error("kind", "unknown rule kind '" + *kind +
                               "' (expected fixed_date, easter or nth_weekday)");
  }
  return rule;
}

Result<HolidayChange> read_change(const toml::table& t, const std::string& file) {
  TomlFields f(t, file);
  HolidayChange change;
  auto date = f.date("date");
  if (!date) return date.error();
  change.date = *date;
  auto action = f.string("action");
  if (!action) return action.error();
  if (*action == "add") change.action = HolidayChange::Action::add;
  else if (*action == "remove") change.action = HolidayChange::Action::remove;
  else return f.error("action", "action must be \"add\" or \"remove\"");
  auto name = f.string_or("name", "");
  auto basis = f.string_or("basis", "");
  if (!name) return name.error();
  if (!basis) return basis.error();
  if (change.action == HolidayChange::Action::add && name->empty())
    return f.error_here("an added holiday needs a 'name'");
  change.name = *name;
  change.basis = *basis;
  return change;
}

Result<std::vector<HolidayChange>> read_changes(const toml::table& doc, const std::string& file) {
  std::vector<HolidayChange> out;
  auto arr = TomlFields(doc, file).table_array("change");
  if (!arr) return arr.error();
  if (*arr)
    for (const auto& node : **arr) {
      auto c = read_change(*node.as_table(), file);
      if (!c) return c.error();
      out.push_back(std::move(*c));
    }
  return out;
}

}  // namespace

Result<HolidaySchedule> parse_holiday_schedule(std::string_view text, const std::string& file) {
  auto doc = parse_toml(text, file);
  if (!doc) return doc.error();
  auto header = calendar_header(*doc, file);
  if (!header) return header.error();
  TomlFields h(**header, file);
  HolidaySchedule s;
  auto id = h.string("id");
  if (!id) return id.error();
  s.id = *id;
  auto kind = h.string("kind");
  if (!kind) return kind.error();
  if (*kind != "bank_holidays")
    return h.error("kind", "a division calendar has kind = \"bank_holidays\" (this one says '" +
                               *kind + "')");
  auto name = h.string_or("name", s.id);
  if (!name) return name.error();
  s.name = *name;
  auto first = h.integer_or("first_year", 1990);
  auto last = h.integer_or("last_year", 2100);
  if (!first) return first.error();
  if (!last) return last.error();
  if (*first < 1900 || *last > 2200 || *first > *last)
    return h.error("last_year", "years must run forwards within 1900 to 2200");
  s.first_year = static_cast<int>(*first);
  s.last_year = static_cast<int>(*last);

  auto rules = TomlFields(*doc, file).table_array("rule");
  if (!rules) return rules.error();
  if (!*rules) return TomlFields(*doc, file).error_here("a division calendar needs [[rule]] entries");
  for (const auto& node : **rules) {
    auto r = read_rule(*node.as_table(), file);
    if (!r) return r.error();
    s.rules.push_back(std::move(*r));
  }
  auto changes = read_changes(*doc, file);
  if (!changes) return changes.error();
  s.changes = std::move(*changes);
  return s;
}

Result<std::vector<HolidayChange>> parse_holiday_changes(std::string_view text,
                                                         const std::string& file,
                                                         const std::string& division_id) {
  auto doc = parse_toml(text, file);
  if (!doc) return doc.error();
  auto header = calendar_header(*doc, file);
  if (!header) return header.error();
  TomlFields h(**header, file);
  auto id = h.string("id");
  if (!id) return id.error();
  if (*id != division_id)
    return h.error("id", "this change file is for '" + *id + "', not '" + division_id + "'");
  return read_changes(*doc, file);
}

std::string format_holiday_changes(const std::string& division_id, const std::string& note,
                                   const std::vector<HolidayChange>& changes) {
  // Every string through toml_basic_string, so a name holding a quote, a newline or any control
  // character (a feed's title is anyone's text) still reads back as itself.
  const auto quoted = toml_basic_string;
  std::string comment = note;  // a comment ends at a line break: keep it on its line
  std::replace_if(comment.begin(), comment.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  std::string out = "# " + comment + "\n# Written by `timescales calendar import-govuk`; read after " +
                    division_id + ".toml, whose one-offs and rules these override.\n\n";
  out += "[calendar]\nid = " + quoted(division_id) + "\nkind = \"bank_holiday_changes\"\n";
  for (const auto& c : changes) {
    const bool add = c.action == HolidayChange::Action::add;
    out += "\n[[change]]\ndate = " + to_iso(c.date) + "\naction = \"" + (add ? "add" : "remove") + "\"\n";
    // An added holiday must have a name to be read back; the feed's own default for an unnamed one.
    if (add && c.name.empty()) out += "name = " + quoted(kUnnamedHoliday) + "\n";
    else if (!c.name.empty()) out += "name = " + quoted(c.name) + "\n";
    if (!c.basis.empty()) out += "basis = " + quoted(c.basis) + "\n";
  }
  return out;
}

Result<SchoolCalendarSpec> parse_school_calendar(std::string_view text, const std::string& file) {
  auto doc = parse_toml(text, file);
  if (!doc) return doc.error();
  auto header = calendar_header(*doc, file);
  if (!header) return header.error();
  TomlFields h(**header, file);
  SchoolCalendarSpec spec;
  auto id = h.string("id");
  if (!id) return id.error();
  spec.id = *id;
  auto kind = h.string("kind");
  if (!kind) return kind.error();
  if (*kind != "school")
    return h.error("kind", "a school calendar has kind = \"school\" (this one says '" + *kind + "')");
  auto division = h.string_or("bank_holidays", "england-and-wales");
  if (!division) return division.error();
  spec.bank_holidays = *division;

  TomlFields top(*doc, file);
  auto terms = top.table_array("term");
  if (!terms) return terms.error();
  if (!*terms) return top.error_here("a school calendar needs [[term]] entries");
  for (const auto& node : **terms) {
    TomlFields t(*node.as_table(), file);
    auto first = t.date("first_day");
    if (!first) return first.error();
    auto last = t.date("last_day");
    if (!last) return last.error();
    if (*last < *first) return t.error("last_day", "a term's last_day is before its first_day");
    if (!spec.terms.empty() && *first <= spec.terms.back().last_day)
      return t.error("first_day", "terms must be listed in date order without overlapping");
    spec.terms.push_back({*first, *last});
  }
  auto closed = top.table_array("closed");
  if (!closed) return closed.error();
  if (*closed)
    for (const auto& node : **closed) {
      TomlFields c(*node.as_table(), file);
      auto date = c.date("date");
      if (!date) return date.error();
      auto reason = c.string_or("reason", "closed");
      if (!reason) return reason.error();
      bool in_term = false;
      for (const auto& term : spec.terms)
        in_term |= *date >= term.first_day && *date <= term.last_day;
      if (!in_term) return c.error("date", "closure " + to_iso(*date) + " falls outside every term");
      spec.closures.push_back({*date, *reason});
    }
  return spec;
}

}  // namespace timescales
