#include "engine/rules/rule_loader.hpp"

#include "engine/core/toml_fields.hpp"
#include "engine/rules/expression_parser.hpp"

namespace timescales::rules {
namespace {

// Maps an offset inside a TOML string value back to the file's line and column, so an error in
// an expression points at its token. Literal strings ('…', '''…''') map one to one; escapes in
// basic strings ("…") are stepped over.
SourcePosition position_in_string(std::string_view doc, const toml::node& node, int offset,
                                  const std::string& file) {
  SourcePosition at = position_of(node, file);
  size_t i = 0;
  for (int line = 1; line < at.line && i < doc.size(); ++i)
    if (doc[i] == '\n') ++line;
  i += static_cast<size_t>(at.column - 1);
  if (i >= doc.size()) return at;
  const char quote = doc[i];
  const bool triple = doc.substr(i, 3) == std::string(3, quote);
  const bool literal = quote == '\'';
  i += triple ? 3 : 1;
  at.column += triple ? 3 : 1;
  if (triple && i < doc.size() && (doc[i] == '\n' || doc[i] == '\r')) {  // TOML trims this newline
    i += doc[i] == '\r' ? 2 : 1;
    ++at.line;
    at.column = 1;
  }
  for (int decoded = 0; decoded < offset && i < doc.size(); ++decoded) {
    size_t width = 1;
    if (!literal && doc[i] == '\\') width = (i + 1 < doc.size() && doc[i + 1] == 'u') ? 6 : 2;
    if (doc[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      at.column += static_cast<int>(width);
    }
    i += width;
  }
  return at;
}

class Loader {
 public:
  Loader(std::string_view text, const std::string& file, const VocabularyLookup& lookup)
      : text_(text), file_(file), lookup_(lookup) {}

  Result<RuleSet> load() {
    auto doc = parse_toml(text_, file_);
    if (!doc) return doc.error();
    TomlFields top(*doc, file_);
    RuleSet set;
    auto targets = top.table_array("target");
    if (!targets) return targets.error();
    if (*targets)
      for (const auto& node : **targets) {
        auto t = target(*node.as_table());
        if (!t) return t.error();
        set.targets.push_back(std::move(*t));
      }
    auto rules = top.table_array("rule");
    if (!rules) return rules.error();
    if (*rules)
      for (const auto& node : **rules) {
        auto r = rule(*node.as_table(), set.targets);
        if (!r) return r.error();
        set.rules.push_back(std::move(*r));
      }
    if (set.rules.empty() && set.targets.empty())
      return top.error_here("a rules file needs [[rule]] or [[target]] entries");
    RuleSet unique;  // refuses an id used twice in this file
    if (auto merged = merge_rule_sets(unique, std::move(set)); !merged) return merged.error();
    return unique;
  }

 private:
  Result<std::vector<std::string>> string_list(const TomlFields& f, std::string_view key, bool required) {
    const toml::node* node = f.table().get(key);
    std::vector<std::string> out;
    if (!node) {
      if (required) return f.error(key, "missing '" + std::string(key) + "'");
      return out;
    }
    if (auto s = node->value<std::string>()) return std::vector<std::string>{*s};
    const toml::array* arr = node->as_array();
    if (!arr) return f.error(key, "'" + std::string(key) + "' must be a string or a list of strings");
    for (const auto& item : *arr) {
      auto s = item.value<std::string>();
      if (!s) return Error::at(position_of(item, file_), "'" + std::string(key) + "' must list strings");
      out.push_back(*s);
    }
    if (required && out.empty()) return f.error(key, "'" + std::string(key) + "' must not be empty");
    return out;
  }

  // The vocabulary of every workflow listed, plus the local targets defined for them.
  Result<RuleVocabulary> vocabulary(const TomlFields& f, const std::vector<std::string>& workflows,
                                    const std::vector<LocalTarget>& targets) {
    RuleVocabulary v;
    for (const auto& w : workflows) {
      auto one = lookup_(w);
      if (!one) return f.error("workflows", "unknown workflow '" + w + "'");
      v.timers.insert(one->timers.begin(), one->timers.end());
      v.events.insert(one->events.begin(), one->events.end());
      for (const auto& t : targets)
        if (t.applies_to(w)) v.timers.insert(t.id);
    }
    return v;
  }

  Result<ExprPtr> expression(const TomlFields& f, std::string_view key, const RuleVocabulary& v,
                             const std::optional<std::string>& subject, std::vector<std::string>& slots,
                             std::string* text_out = nullptr) {
    auto text = f.string(key);
    if (!text) return text.error();
    if (text_out) *text_out = *text;
    const toml::node& node = *f.table().get(key);
    return compile(*text, node, v, subject, slots);
  }

  Result<ExprPtr> compile(const std::string& text, const toml::node& node, const RuleVocabulary& v,
                          const std::optional<std::string>& subject, std::vector<std::string>& slots,
                          int base_offset = 0) {
    auto relocate = [&](const Error& e) {
      const int offset = base_offset + (e.where ? e.where->column - 1 : 0);
      return Error::at(position_in_string(text_, node, offset, file_), e.message);
    };
    auto parsed = parse_expression(text);
    if (!parsed) return relocate(parsed.error());
    if (auto checked = check_expression(**parsed, v, subject, slots); !checked) return relocate(checked.error());
    return std::move(*parsed);
  }

  Result<MessageTemplate> message(const TomlFields& f, const RuleVocabulary& v,
                                  const std::optional<std::string>& subject, std::vector<std::string>& slots) {
    auto text = f.string("message");
    if (!text) return text.error();
    const toml::node& node = *f.table().get("message");
    MessageTemplate m;
    size_t i = 0;
    while (i < text->size()) {
      const size_t open = text->find('{', i);
      if (open == std::string::npos) {
        m.parts.push_back({text->substr(i), nullptr});
        break;
      }
      if (open > i) m.parts.push_back({text->substr(i, open - i), nullptr});
      const size_t close = text->find('}', open);
      if (close == std::string::npos)
        return Error::at(position_in_string(text_, node, static_cast<int>(open), file_), "'{' without a closing '}'");
      auto expr = compile(text->substr(open + 1, close - open - 1), node, v, subject, slots,
                          static_cast<int>(open + 1));
      if (!expr) return expr.error();
      m.parts.push_back({{}, std::move(*expr)});
      i = close + 1;
    }
    return m;
  }

  Result<LocalTarget> target(const toml::table& t) {
    TomlFields f(t, file_);
    LocalTarget target;
    target.where = position_of(t, file_);
    auto id = f.string("id");
    if (!id) return id.error();
    target.id = *id;
    auto workflows = string_list(f, "workflows", true);
    if (!workflows) return workflows.error();
    target.workflows = *workflows;
    auto v = vocabulary(f, target.workflows, {});
    if (!v) return v.error();
    // The target becomes a timer of each case beside the workflow's own: the same id twice would
    // make every case it applies to unrecordable ("two timers named ...") on every nightly run.
    if (v->timers.count(target.id))
      return f.error("id", "target id '" + target.id +
                               "' is already a timer of the workflows it applies to; give it an id of its own");
    if (f.has("applies_when")) {
      auto e = expression(f, "applies_when", *v, std::nullopt, target.applies_slots);
      if (!e) return e.error();
      target.applies_when = std::move(*e);
    }
    auto start = f.string("start");
    if (!start) return start.error();
    if (!v->events.count(*start)) return f.error("start", "unknown event '" + *start + "'");
    target.start_event = *start;
    auto limit = f.string("limit");
    if (!limit) return limit.error();
    auto duration = parse_duration(*limit);
    if (!duration) return f.error("limit", duration.error().message);
    target.limit = *duration;
    for (const char* key : {"stopped_by", "cancelled_by"}) {
      auto events = string_list(f, key, std::string(key) == "stopped_by");
      if (!events) return events.error();
      for (const auto& e : *events)
        if (!v->events.count(e)) return f.error(key, "unknown event '" + e + "'");
      (std::string(key) == "stopped_by" ? target.stopped_by : target.cancelled_by) = *events;
    }
    auto beside = f.string_or("beside", "");
    if (!beside) return beside.error();
    if (!beside->empty() && !v->timers.count(*beside)) return f.error("beside", "unknown timer '" + *beside + "'");
    target.beside = *beside;
    auto source = f.string("source");
    if (!source) return f.error_here("a local target needs a 'source': the policy or paper that sets it");
    target.source = *source;
    return target;
  }

  Result<Rule> rule(const toml::table& t, const std::vector<LocalTarget>& targets) {
    TomlFields f(t, file_);
    Rule r;
    r.where = position_of(t, file_);
    auto id = f.string("id");
    if (!id) return id.error();
    r.id = *id;
    auto workflows = string_list(f, "workflows", true);
    if (!workflows) return workflows.error();
    r.workflows = *workflows;
    auto v = vocabulary(f, r.workflows, targets);
    if (!v) return v.error();
    if (f.has("timer")) {
      auto timer = f.string("timer");
      if (!timer) return timer.error();
      if (!v->timers.count(*timer)) return f.error("timer", "unknown timer '" + *timer + "'");
      r.timer = *timer;
    }
    auto when = expression(f, "when", *v, r.timer, r.timer_slots, &r.when_text);
    if (!when) return when.error();
    if ((*when)->type != Type::boolean)
      return f.error("when", "'when' must be true or false, but this is a " + std::string(type_name((*when)->type)));
    r.when = std::move(*when);
    auto severity_text = f.string("severity");
    if (!severity_text) return severity_text.error();
    auto severity = parse_severity(*severity_text);
    if (!severity)
      return f.error("severity", "unknown severity '" + *severity_text + "' (info, at_risk, overdue, breach, data_quality)");
    r.severity = *severity;
    auto audience = string_list(f, "audience", true);
    if (!audience) return audience.error();
    r.audience = *audience;
    auto msg = message(f, *v, r.timer, r.timer_slots);
    if (!msg) return msg.error();
    r.message = std::move(*msg);
    auto why = f.string_or("why", "");
    if (!why) return why.error();
    r.why = *why;
    auto escalation = f.subtable("escalation");
    if (!escalation) return escalation.error();
    if (*escalation) {
      if (!r.timer) return f.error("escalation", "escalation needs the rule's `timer` to measure how overdue it is");
      TomlFields e(**escalation, file_);
      auto after = e.string("after");
      if (!after) return after.error();
      auto d = parse_duration(*after);
      if (!d) return e.error("after", d.error().message);
      auto to = e.string("to");
      if (!to) return to.error();
      r.escalation = Escalation{*d, *to};
    }
    auto tests = f.table_array("test");
    if (!tests) return tests.error();
    if (*tests)
      for (const auto& node : **tests) {
        auto test = rule_test(*node.as_table(), r, *v);
        if (!test) return test.error();
        r.tests.push_back(std::move(*test));
      }
    return r;
  }

  Result<RuleTest> rule_test(const toml::table& t, const Rule& r, const RuleVocabulary& v) {
    TomlFields f(t, file_);
    RuleTest test;
    test.where = position_of(t, file_);
    auto name = f.string_or("name", r.id + " test " + std::to_string(r.tests.size() + 1));
    if (!name) return name.error();
    test.name = *name;
    auto workflow = f.string_or("workflow", r.workflows.front());
    if (!workflow) return workflow.error();
    test.workflow = *workflow;
    auto as_of = f.date("as_of");
    if (!as_of) return as_of.error();
    test.as_of = *as_of;
    const toml::node* fires = t.get("fires");
    if (!fires || !fires->is_boolean()) return f.error("fires", "each test says fires = true or false");
    test.fires = *fires->value<bool>();
    auto attributes = f.subtable("attributes");
    if (!attributes) return attributes.error();
    if (*attributes)
      for (const auto& [key, value] : **attributes) {
        if (auto s = value.value<std::string>()) test.attributes[std::string(key.str())] = *s;
        else if (auto n = value.value<int64_t>()) test.attributes[std::string(key.str())] = std::to_string(*n);
        else return Error::at(position_of(value, file_), "attributes are strings or whole numbers");
      }
    const toml::node* events = t.get("events");
    const toml::array* list = events ? events->as_array() : nullptr;
    if (!list) return f.error("events", "each test lists its events: events = [{type = \"…\", date = 2026-01-05}]");
    int sequence = 0;
    for (const auto& item : *list) {
      const toml::table* e = item.as_table();
      if (!e) return Error::at(position_of(item, file_), "an event is {type = \"…\", date = YYYY-MM-DD}");
      TomlFields ef(*e, file_);
      auto type = ef.string("type");
      if (!type) return type.error();
      if (!v.events.count(*type)) return ef.error("type", "unknown event '" + *type + "'");
      auto date = ef.date("date");
      if (!date) return date.error();
      auto reason = ef.string_or("reason", "");
      if (!reason) return reason.error();
      test.events.push_back({*type, *date, *reason, sequence++});
    }
    return test;
  }

  std::string_view text_;
  const std::string& file_;
  const VocabularyLookup& lookup_;
};

}  // namespace

Result<RuleSet> parse_rule_file(std::string_view text, const std::string& file,
                                const VocabularyLookup& workflows) {
  return Loader(text, file, workflows).load();
}

Status merge_rule_sets(RuleSet& into, RuleSet&& more) {
  auto where = [](const SourcePosition& p) { return p.file + ":" + std::to_string(p.line); };
  for (auto& r : more.rules) {
    for (const auto& existing : into.rules)
      if (existing.id == r.id)
        return Error::at(r.where, "rule '" + r.id + "' is already defined at " + where(existing.where));
    into.rules.push_back(std::move(r));
  }
  for (auto& t : more.targets) {
    for (const auto& existing : into.targets)
      if (existing.id == t.id)
        return Error::at(t.where, "target '" + t.id + "' is already defined at " + where(existing.where));
    into.targets.push_back(std::move(t));
  }
  return Ok{};
}

}  // namespace timescales::rules
