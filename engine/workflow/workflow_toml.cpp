#include "engine/workflow/workflow_toml.hpp"

#include <algorithm>
#include <set>

#include "engine/core/toml_fields.hpp"
#include "engine/workflow/workflow_graph.hpp"

namespace timescales {
namespace {

struct Name {
  std::string text;
  SourcePosition where;
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Parses one definition, collecting every problem rather than stopping at the first, so a
// council editing a workflow sees all its mistakes in one `check`.
class Parser {
 public:
  Parser(const toml::table& root, const std::string& file) : root_(root), file_(file) {
    def_.file = file;
  }

  WorkflowLoad run() {
    TomlFields top(root_, file_);
    known_keys(top, {"workflow", "state", "event", "transition", "timer"});
    header(top);
    each_table(top, "state", [&](const TomlFields& f) { state(f); });
    each_table(top, "event", [&](const TomlFields& f) { event(f); });
    each_table(top, "transition", [&](const TomlFields& f) { transition(f); });
    each_table(top, "timer", [&](const TomlFields& f) { timer(f); });
    // A graph built from broken references would report every state as unreachable; the
    // reference errors say what to fix first.
    if (errors_.empty()) build_workflow_graph(def_, errors_);
    std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
      const int la = a.where ? a.where->line : 0, lb = b.where ? b.where->line : 0;
      return la < lb;
    });
    WorkflowLoad out;
    out.errors = std::move(errors_);
    if (out.errors.empty()) out.definition = std::move(def_);
    return out;
  }

 private:
  template <class T>
  bool take(Result<T> r, T& out) {
    if (!r) {
      errors_.push_back(r.error());
      return false;
    }
    out = std::move(*r);
    return true;
  }

  void known_keys(const TomlFields& f, std::initializer_list<std::string_view> keys) {
    for (const auto& [key, node] : f.table()) {
      if (std::find(keys.begin(), keys.end(), key.str()) == keys.end())
        errors_.push_back(Error::at(position_of(node, file_),
                                    "unknown key '" + std::string(key.str()) + "'"));
    }
  }

  template <class Fn>
  void each_table(const TomlFields& f, std::string_view key, Fn fn) {
    const toml::array* arr = nullptr;
    if (!take(f.table_array(key), arr) || !arr) return;
    for (const toml::node& n : *arr) fn(TomlFields(*n.as_table(), file_));
  }

  // A string or a list of strings, each with its position.
  std::vector<Name> names(const TomlFields& f, std::string_view key) {
    std::vector<Name> out;
    const toml::node* node = f.table().get(key);
    if (!node) return out;
    if (auto s = node->value<std::string>()) {
      out.push_back({*s, position_of(*node, file_)});
      return out;
    }
    const toml::array* arr = node->as_array();
    if (!arr) {
      errors_.push_back(f.error(key, "'" + std::string(key) + "' must be a name or a list of names"));
      return out;
    }
    for (const toml::node& item : *arr) {
      if (auto s = item.value<std::string>())
        out.push_back({*s, position_of(item, file_)});
      else
        errors_.push_back(Error::at(position_of(item, file_),
                                    "'" + std::string(key) + "' must list names (strings)"));
    }
    return out;
  }

  std::vector<std::string> event_names(const TomlFields& f, std::string_view key,
                                       const std::string& owner) {
    std::vector<std::string> out;
    for (const auto& n : names(f, key)) {
      if (!def_.event(n.text))
        errors_.push_back(Error::at(n.where, owner + ": unknown event '" + n.text + "' in '" +
                                                 std::string(key) + "'"));
      out.push_back(n.text);
    }
    return out;
  }

  std::optional<Duration> duration(const TomlFields& f, std::string_view key) {
    if (!f.has(key)) return std::nullopt;
    std::string text;
    if (!take(f.string(key), text)) return std::nullopt;
    auto d = parse_duration(text);
    if (!d) {
      errors_.push_back(f.error(key, "'" + std::string(key) + "': " + d.error().message));
      return std::nullopt;
    }
    return *d;
  }

  // A list of durations, "limits = [\"20 working days\", \"3 months\", \"6 months\"]", each
  // error at its own item.
  std::vector<Duration> durations(const TomlFields& f, std::string_view key, const std::string& owner) {
    std::vector<Duration> out;
    const toml::node* node = f.table().get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr || arr->empty()) {
      errors_.push_back(f.error(key, owner + ": '" + std::string(key) +
                                         "' must list durations, one per cycle, the last repeating"));
      return out;
    }
    for (const toml::node& item : *arr) {
      auto text = item.value<std::string>();
      auto d = text ? parse_duration(*text) : Result<Duration>(Error("not a string"));
      if (!d) {
        errors_.push_back(Error::at(position_of(item, file_), owner + ": '" + std::string(key) + "': " +
                                                                  (text ? d.error().message : "must list durations (strings)")));
        continue;
      }
      if (d->count <= 0)
        errors_.push_back(Error::at(position_of(item, file_), owner + ": a cycle's limit must be positive"));
      out.push_back(*d);
    }
    return out;
  }

  std::optional<AgeCondition> age_condition(const TomlFields& f, const std::string& owner) {
    const toml::table* t = nullptr;
    if (!take(f.subtable("when_age"), t) || !t) return std::nullopt;
    TomlFields a(*t, file_);
    known_keys(a, {"attribute", "under"});
    AgeCondition age;
    int64_t under = 0;
    take(a.string("attribute"), age.attribute);
    if (take(a.integer("under"), under) && (under < 1 || under > 120))
      errors_.push_back(a.error("under", owner + ": 'under' is an age in whole years, 1 to 120"));
    age.under = static_cast<int>(under);
    return age;
  }

  void header(const TomlFields& top) {
    const toml::table* w = nullptr;
    if (!take(top.subtable("workflow"), w)) return;
    if (!w) {
      errors_.push_back(top.error_here("missing [workflow] table (id, version, source, in_force_from)"));
      return;
    }
    TomlFields f(*w, file_);
    known_keys(f, {"id", "version", "title", "source", "in_force_from", "in_force_to", "calendar",
                   "school_days", "note"});
    take(f.string("id"), def_.id);
    take(f.string("version"), def_.version);
    take(f.string_or("title", ""), def_.title);
    if (take(f.string("source"), def_.source) && def_.source.empty())
      errors_.push_back(f.error("source", "'source' must name the Act or Regulations"));
    take(f.date("in_force_from"), def_.in_force_from);
    if (f.has("in_force_to")) {
      Date to{};
      if (take(f.date("in_force_to"), to)) {
        def_.in_force_to = to;
        if (to < def_.in_force_from)
          errors_.push_back(f.error("in_force_to", "'in_force_to' is before 'in_force_from'"));
      }
    }
    take(f.string_or("calendar", "england-and-wales"), def_.calendar);
    take(f.boolean_or("school_days", false), def_.school_days);
  }

  void state(const TomlFields& f) {
    known_keys(f, {"id", "description", "start", "final"});
    StateDefinition s;
    s.where = position_of(f.table(), file_);
    if (!take(f.string("id"), s.id)) return;
    take(f.string_or("description", ""), s.description);
    take(f.boolean_or("start", false), s.start);
    take(f.boolean_or("final", false), s.final);
    if (def_.state_index(s.id))
      errors_.push_back(f.error("id", "duplicate state id '" + s.id + "'"));
    else
      def_.states.push_back(std::move(s));
  }

  void event(const TomlFields& f) {
    known_keys(f, {"id", "description", "reasons", "reason_required"});
    EventDefinition e;
    e.where = position_of(f.table(), file_);
    if (!take(f.string("id"), e.id)) return;
    take(f.string_or("description", ""), e.description);
    for (auto& n : names(f, "reasons")) e.reasons.push_back(n.text);
    take(f.boolean_or("reason_required", false), e.reason_required);
    if (def_.event(e.id))
      errors_.push_back(f.error("id", "duplicate event id '" + e.id + "'"));
    else
      def_.events.push_back(std::move(e));
  }

  void transition(const TomlFields& f) {
    known_keys(f, {"event", "from", "to", "any_state", "note"});
    TransitionDefinition t;
    t.where = position_of(f.table(), file_);
    if (!take(f.string("event"), t.event)) return;
    if (!def_.event(t.event))
      errors_.push_back(f.error("event", "unknown event '" + t.event + "' (declare it in [[event]])"));
    take(f.boolean_or("any_state", false), t.any_state);
    if (t.any_state) {
      if (f.has("from") || f.has("to"))
        errors_.push_back(f.error_here("an any_state transition takes neither 'from' nor 'to'"));
      def_.transitions.push_back(std::move(t));
      return;
    }
    const auto from = names(f, "from");
    if (from.empty()) errors_.push_back(f.error("from", "missing 'from' (state ids, or \"*\")"));
    for (const auto& n : from) {
      if (n.text == "*") {
        t.from_every_open_state = true;
        continue;
      }
      if (!def_.state_index(n.text))
        errors_.push_back(Error::at(n.where, "unknown state '" + n.text + "' in 'from'"));
      t.from.push_back(n.text);
    }
    // Without 'to' the event is allowed in the 'from' states and leaves the case where it is.
    if (f.has("to") && take(f.string("to"), t.to) && !def_.state_index(t.to))
      errors_.push_back(f.error("to", "unknown state '" + t.to + "' in 'to'"));
    def_.transitions.push_back(std::move(t));
  }

  AttributeCondition condition(const TomlFields& f) {
    AttributeCondition c;
    const toml::table* when = nullptr;
    if (!take(f.subtable("when"), when) || !when) return c;
    TomlFields w(*when, file_);
    known_keys(w, {"attribute", "equals"});
    take(w.string("attribute"), c.attribute);
    for (auto& n : names(w, "equals")) c.equals.push_back(n.text);
    if (c.equals.empty()) errors_.push_back(w.error("equals", "'when' needs 'equals' (a value or list)"));
    return c;
  }

  std::vector<DateRule> date_rules(const TomlFields& f, std::string_view key) {
    std::vector<DateRule> out;
    each_table(f, key, [&](const TomlFields& r) {
      known_keys(r, {"when", "year_attribute", "year_offset", "month", "day"});
      DateRule rule;
      rule.where = position_of(r.table(), file_);
      rule.when = condition(r);
      take(r.string("year_attribute"), rule.year_attribute);
      int64_t offset = 0, month = 0, day = 0;
      take(r.integer_or("year_offset", 0), offset);
      const bool have = take(r.integer("month"), month) & take(r.integer("day"), day);
      rule.year_offset = static_cast<int>(offset);
      if (have) {
        // 2024 is a leap year: 29 February is a valid rule (clamped in other years).
        const std::chrono::year_month_day ymd{std::chrono::year{2024},
                                              std::chrono::month{static_cast<unsigned>(month)},
                                              std::chrono::day{static_cast<unsigned>(day)}};
        if (month < 1 || month > 12 || day < 1 || !ymd.ok())
          errors_.push_back(r.error("day", "no such day of the year: month " +
                                               std::to_string(month) + ", day " + std::to_string(day)));
        rule.month = static_cast<unsigned>(month);
        rule.day = static_cast<unsigned>(day);
      }
      out.push_back(std::move(rule));
    });
    return out;
  }

  void timer(const TomlFields& f) {
    known_keys(f, {"id", "kind", "description", "source", "start", "stop", "restart", "pause",
                   "resume", "exempt", "exempt_end", "exempt_reasons", "cancel", "limit",
                   "convention", "extension", "due_date", "window_opens", "stop_window_opens",
                   "variant", "count_from_attribute", "count_from_event", "stop_attribute", "disapplied", "lapses",
                   "exempt_window",
                   "attributes_optional", "configurable", "note", "wording", "basis", "limits",
                   "date_only_limit", "start_occurrence"});
    TimerDefinition t;
    t.where = position_of(f.table(), file_);
    if (!take(f.string("id"), t.id)) return;
    const std::string owner = "timer '" + t.id + "'";
    if (def_.timer(t.id)) errors_.push_back(f.error("id", "duplicate timer id '" + t.id + "'"));
    std::string kind;
    if (take(f.string("kind"), kind)) {
      auto k = parse_timer_kind(kind);
      if (k) t.kind = *k;
      else errors_.push_back(f.error("kind", k.error().message));
    }
    take(f.string_or("description", ""), t.description);
    if (!f.has("source"))
      errors_.push_back(f.error_here(owner + " has no 'source': every time limit must cite the "
                                             "regulation (or council standard) that sets it"));
    else if (take(f.string("source"), t.source) && t.source.empty())
      errors_.push_back(f.error("source", owner + ": 'source' is empty"));
    take(f.string_or("wording", ""), t.wording);
    std::string basis;
    if (f.has("basis") && take(f.string("basis"), basis)) {
      auto b = parse_timer_basis(basis);
      if (b) t.basis = *b;
      else errors_.push_back(f.error("basis", owner + ": " + b.error().message));
    }
    t.start = event_names(f, "start", owner);
    t.stop = event_names(f, "stop", owner);
    t.restart = event_names(f, "restart", owner);
    t.pause = event_names(f, "pause", owner);
    t.resume = event_names(f, "resume", owner);
    t.exempt = event_names(f, "exempt", owner);
    t.exempt_end = event_names(f, "exempt_end", owner);
    t.cancel = event_names(f, "cancel", owner);
    for (const auto& n : names(f, "exempt_reasons")) {
      const bool declared = std::any_of(t.exempt.begin(), t.exempt.end(), [&](const std::string& e) {
        const EventDefinition* ev = def_.event(e);
        return ev && (ev->reasons.empty() || contains(ev->reasons, n.text));
      });
      if (!declared)
        errors_.push_back(Error::at(n.where, owner + ": reason '" + n.text +
                                                 "' is not a reason its 'exempt' events carry"));
      t.exempt_reasons.push_back(n.text);
    }
    each_table(f, "exempt_window", [&](const TomlFields& w) {
      known_keys(w, {"reason", "due_from", "due_to"});
      ExemptionWindow window;
      window.where = position_of(w.table(), file_);
      take(w.string("reason"), window.reason);
      take(w.date("due_from"), window.due_from);
      take(w.date("due_to"), window.due_to);
      if (!window.reason.empty() && !contains(t.exempt_reasons, window.reason))
        errors_.push_back(w.error("reason", owner + ": exempt_window reason '" + window.reason +
                                                "' is not one of its 'exempt_reasons'"));
      if (window.due_to < window.due_from)
        errors_.push_back(w.error("due_to", owner + ": exempt_window ends before it begins"));
      t.exempt_windows.push_back(std::move(window));
    });
    t.limit = duration(f, "limit");
    t.limits = durations(f, "limits", owner);
    if (t.limit && !t.limits.empty())
      errors_.push_back(f.error("limits", owner + ": give 'limit' or 'limits' (one per cycle), not both"));
    t.date_only_limit = duration(f, "date_only_limit");
    const bool counts_hours = (t.limit && t.limit->unit == Unit::hours) ||
        std::any_of(t.limits.begin(), t.limits.end(), [](const Duration& d) { return d.unit == Unit::hours; });
    if (t.date_only_limit && !counts_hours)
      errors_.push_back(f.error("date_only_limit", owner + ": 'date_only_limit' is for a limit in hours"));
    if (t.date_only_limit && t.date_only_limit->unit == Unit::hours)
      errors_.push_back(f.error("date_only_limit", owner + ": 'date_only_limit' is what an hours limit "
                                                        "becomes without a time of day: give it in days"));
    if (counts_hours && !t.date_only_limit)
      errors_.push_back(f.error(t.limit ? "limit" : "limits",
                                owner + " counts hours: give 'date_only_limit' (such as \"3 days\"), the "
                                        "limit for a start event recorded without a time of day"));
    std::string occurrence;
    if (f.has("start_occurrence") && take(f.string("start_occurrence"), occurrence)) {
      if (occurrence == "latest") t.start_occurrence = StartOccurrence::latest;
      else if (occurrence != "each")
        errors_.push_back(f.error("start_occurrence", owner + ": 'start_occurrence' is \"each\" or \"latest\", not '" +
                                                          occurrence + "'"));
    }
    std::string convention;
    if (f.has("convention") && take(f.string("convention"), convention)) {
      auto c = parse_convention(convention);
      if (c) t.convention = *c;
      else errors_.push_back(f.error("convention", c.error().message));
    }
    if (t.kind != TimerKind::fixed && !t.limit && !f.has("limit") && !f.has("limits"))
      errors_.push_back(f.error("limit", owner + " (" + std::string(timer_kind_name(t.kind)) +
                                             ") needs a 'limit' such as \"10 working days\""));
    if (t.kind != TimerKind::recurring && !t.limits.empty())
      errors_.push_back(f.error("limits", owner + ": 'limits' (one per cycle) is for a recurring timer; give 'limit'"));
    // An event that both starts and stops a clock meets one cycle and starts the next: only a
    // schedule does that. On any other timer the clock would stop the day it starts.
    std::vector<std::string> starts_and_stops;
    for (const auto& e : t.start)
      if (contains(t.stop, e)) starts_and_stops.push_back(e);
    if (!starts_and_stops.empty() && t.kind != TimerKind::recurring)
      errors_.push_back(f.error("stop", owner + ": '" + starts_and_stops.front() +
                                            "' both starts and stops it; only a recurring timer may "
                                            "(each occurrence meets one cycle and starts the next)"));
    if (t.kind == TimerKind::recurring && t.restart.empty() && starts_and_stops.empty())
      errors_.push_back(f.error("restart", owner + " is recurring: name its 'restart' event (or an "
                                                   "event that is both its 'start' and its 'stop')"));
    if (t.kind == TimerKind::recurring && t.start_occurrence != StartOccurrence::each)
      errors_.push_back(f.error("start_occurrence", owner + " is recurring: each start event begins its "
                                                            "schedule afresh, so 'start_occurrence' does not apply"));

    if (t.kind != TimerKind::minimum && t.kind != TimerKind::recurring && t.stop.empty() &&
        !f.has("stop_attribute"))
      errors_.push_back(f.error("stop", owner + " has no 'stop' event"));
    if (t.pause.empty() != t.resume.empty())
      errors_.push_back(f.error(t.pause.empty() ? "resume" : "pause",
                                owner + ": 'pause' and 'resume' go together"));
    t.due_date = date_rules(f, "due_date");
    t.window_opens = date_rules(f, "window_opens");
    t.stop_window_opens = date_rules(f, "stop_window_opens");
    if (f.has("count_from_event")) {
      const auto e = event_names(f, "count_from_event", owner);
      if (!e.empty()) t.count_from_event = e.front();
    }
    if (t.kind == TimerKind::fixed && t.due_date.empty())
      errors_.push_back(f.error("due_date", owner + " is fixed: give [[timer.due_date]]"));
    take(f.string_or("count_from_attribute", ""), t.count_from_attribute);
    take(f.string_or("stop_attribute", ""), t.stop_attribute);
    take(f.string_or("disapplied", ""), t.disapplied);
    take(f.boolean_or("lapses", false), t.lapses);
    take(f.boolean_or("attributes_optional", false), t.attributes_optional);
    take(f.boolean_or("configurable", false), t.configurable);
    extension(f, t, owner);
    if (t.extension && !t.limits.empty())
      errors_.push_back(f.error("extension", owner + ": an extension needs a single 'limit' to extend"));
    each_table(f, "variant", [&](const TomlFields& v) {
      known_keys(v, {"when", "limit", "count_from_attribute", "start_after_attribute", "or_from_start", "basis",
                     "limits", "cycle_starts_after", "when_age"});
      TimerVariant variant;
      variant.where = position_of(v.table(), file_);
      variant.when = condition(v);
      variant.limit = duration(v, "limit");
      variant.limits = durations(v, "limits", owner);
      if (variant.limit && !variant.limits.empty())
        errors_.push_back(v.error("limits", owner + ": a variant gives 'limit' or 'limits', not both"));
      if (!variant.limits.empty() && t.kind != TimerKind::recurring)
        errors_.push_back(v.error("limits", owner + ": 'limits' (one per cycle) is for a recurring timer; give 'limit'"));
      variant.cycle_starts_after = duration(v, "cycle_starts_after");
      if (variant.cycle_starts_after && t.kind != TimerKind::recurring)
        errors_.push_back(v.error("cycle_starts_after", owner + ": 'cycle_starts_after' is for a recurring "
                                                                "timer's later cycles"));
      variant.age = age_condition(v, owner);
      take(v.string_or("count_from_attribute", ""), variant.count_from_attribute);
      take(v.string_or("start_after_attribute", ""), variant.start_after_attribute);
      variant.or_from_start = duration(v, "or_from_start");
      if (variant.or_from_start && variant.count_from_attribute.empty())
        errors_.push_back(v.error("or_from_start", owner + ": 'or_from_start' is the alternative to "
                                                           "counting from 'count_from_attribute'; give both"));
      std::string basis;
      if (v.has("basis") && take(v.string("basis"), basis)) {
        auto b = parse_timer_basis(basis);
        if (b) variant.basis = *b;
        else errors_.push_back(v.error("basis", owner + ": " + b.error().message));
      }
      if (variant.limit && t.limit && variant.limit->unit != t.limit->unit && t.kind != TimerKind::recurring)
        errors_.push_back(v.error("limit", owner + ": a variant must count in the timer's unit (" +
                                               std::string(unit_name(t.limit->unit)) + ")"));
      t.variants.push_back(std::move(variant));
    });
    if (t.limit && t.limit->unit == Unit::school_days && !def_.school_days)
      errors_.push_back(f.error("limit", owner + " counts school days: set school_days = true in "
                                                 "[workflow] so a school calendar is asked for"));
    def_.timers.push_back(std::move(t));
  }

  void extension(const TomlFields& f, TimerDefinition& t, const std::string& owner) {
    const toml::table* x = nullptr;
    if (!take(f.subtable("extension"), x) || !x) return;
    TomlFields e(*x, file_);
    known_keys(e, {"on", "limit", "maximum"});
    Extension ext;
    ext.on = event_names(e, "on", owner + " extension");
    if (ext.on.empty()) errors_.push_back(e.error("on", owner + ": the extension needs 'on' events"));
    auto limit = duration(e, "limit");
    if (!limit) {
      if (!e.has("limit")) errors_.push_back(e.error("limit", owner + ": the extension needs a 'limit'"));
      return;
    }
    ext.limit = *limit;
    ext.maximum = duration(e, "maximum").value_or(*limit);
    if (t.limit && limit->unit != t.limit->unit)
      errors_.push_back(e.error("limit", owner + ": the extended limit must count in " +
                                             std::string(unit_name(t.limit->unit))));
    if (ext.maximum.unit != limit->unit || limit->count > ext.maximum.count)
      errors_.push_back(e.error("limit", owner + ": the extended limit " + to_string(*limit) +
                                             " exceeds the statutory maximum " + to_string(ext.maximum)));
    t.extension = std::move(ext);
  }

  const toml::table& root_;
  const std::string& file_;
  WorkflowDefinition def_;
  std::vector<Error> errors_;
};

}  // namespace

WorkflowLoad load_workflow(std::string_view text, const std::string& file) {
  auto root = parse_toml(text, file);
  if (!root) return WorkflowLoad{std::nullopt, {root.error()}};
  return Parser(*root, file).run();
}

Result<WorkflowDefinition> parse_workflow(std::string_view text, const std::string& file) {
  auto load = load_workflow(text, file);
  if (!load.errors.empty()) return load.errors.front();
  return std::move(*load.definition);
}

}  // namespace timescales
