#include "engine/rules/type_checker.hpp"

#include <map>

namespace timescales::rules {
namespace {

Error error_at(const Expr& e, std::string message) {
  return Error{std::move(message), SourcePosition{"<expression>", 1, e.offset + 1}};
}

const std::map<std::string, std::pair<TimerField, Type>>& timer_fields() {
  static const std::map<std::string, std::pair<TimerField, Type>> fields = {
      {"status", {TimerField::status, Type::string}},
      {"due", {TimerField::due, Type::date}},
      {"start", {TimerField::start, Type::date}},
      {"stopped", {TimerField::stopped, Type::date}},
      {"remaining", {TimerField::remaining, Type::number}},
      {"elapsed_fraction", {TimerField::elapsed_fraction, Type::number}},
      {"extended", {TimerField::extended, Type::boolean}},
      {"paused", {TimerField::paused, Type::boolean}},
      {"unit", {TimerField::unit, Type::string}},
      {"kind", {TimerField::kind, Type::string}},
      {"exemption", {TimerField::exemption, Type::string}},
      {"overdue_by", {TimerField::overdue_by, Type::number}},
  };
  return fields;
}

std::string field_list() {
  std::string out;
  for (const auto& [name, _] : timer_fields()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

class Checker {
 public:
  Checker(const RuleVocabulary& v, const std::optional<std::string>& subject, std::vector<std::string>& slots)
      : vocabulary_(v), subject_(subject), slots_(slots) {}

  Status check(Expr& e) {
    switch (e.kind) {
      case Expr::Kind::literal: return literal(e);
      case Expr::Kind::list: return error_at(e, "a list may only follow 'in'");
      case Expr::Kind::name: return name(e);
      case Expr::Kind::call: return call(e);
      case Expr::Kind::unary: return unary(e);
      case Expr::Kind::binary: return binary(e);
    }
    return error_at(e, "unknown expression");
  }

 private:
  static Status literal(Expr& e) {
    e.type = std::visit([](const auto& v) -> Type {
      using T = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<T, bool>) return Type::boolean;
      else if constexpr (std::is_same_v<T, double>) return Type::number;
      else if constexpr (std::is_same_v<T, std::string_view>) return Type::string;
      else if constexpr (std::is_same_v<T, Date>) return Type::date;
      else if constexpr (std::is_same_v<T, Duration>) return Type::duration;
      else return Type::unknown;
    }, e.literal);
    return Ok{};
  }

  int slot_for(const std::string& timer) {
    for (size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i] == timer) return static_cast<int>(i);
    slots_.push_back(timer);
    return static_cast<int>(slots_.size() - 1);
  }

  Status timer_field(Expr& e, const std::string& timer, const std::string& field) {
    if (field.empty())
      return error_at(e, "say which field of timer '" + timer + "' (" + field_list() + ")");
    auto it = timer_fields().find(field);
    if (it == timer_fields().end())
      return error_at(e, "timers have no field '" + field + "' (" + field_list() + ")");
    e.ref = Ref::timer_field;
    e.argument = timer;
    e.field = it->second.first;
    e.type = it->second.second;
    e.timer_slot = slot_for(timer);
    return Ok{};
  }

  Status name(Expr& e) {
    const std::string& n = e.text;
    if (n == "today") { e.ref = Ref::today; e.type = Type::date; return Ok{}; }
    if (n == "timer" || n.rfind("timer.", 0) == 0) {
      if (!subject_)
        return error_at(e, "this rule has no `timer = \"...\"`, so say which: timer(\"stage1_response\")" +
                               (n.size() > 5 ? n.substr(5) : std::string(".due")));
      return timer_field(e, *subject_, n.size() > 6 ? n.substr(6) : "");
    }
    if (n == "case.id") { e.ref = Ref::case_id; e.type = Type::string; return Ok{}; }
    if (n == "case.workflow") { e.ref = Ref::case_workflow; e.type = Type::string; return Ok{}; }
    if (n == "case.state") { e.ref = Ref::case_state; e.type = Type::string; return Ok{}; }
    if (n == "case.problems") { e.ref = Ref::case_problems; e.type = Type::number; return Ok{}; }
    const std::string prefix = "case.attributes.";
    if (n.rfind(prefix, 0) == 0 && n.size() > prefix.size() && n.find('.', prefix.size()) == std::string::npos) {
      e.ref = Ref::attribute;
      e.argument = n.substr(prefix.size());
      e.type = Type::string;
      return Ok{};
    }
    return error_at(e, "unknown name '" + n +
                           "' (expected timer.<field>, timer(\"id\").<field>, case.id, case.state, "
                           "case.problems, case.attributes.<name> or today)");
  }

  Status one_string_argument(Expr& e, const char* what) {
    if (e.children.size() != 1 || e.children[0]->kind != Expr::Kind::literal ||
        !std::holds_alternative<std::string_view>(e.children[0]->literal))
      return error_at(e, e.text + "(...) takes one quoted " + what + " name");
    e.argument = std::string(std::get<std::string_view>(e.children[0]->literal));
    return Ok{};
  }

  Status call(Expr& e) {
    const std::string& f = e.text;
    if (f == "timer") {
      if (auto s = one_string_argument(e, "timer"); !s) return s;
      if (!vocabulary_.timers.count(e.argument))
        return error_at(*e.children[0], "unknown timer '" + e.argument + "' in the workflows this rule applies to");
      return timer_field(e, e.argument, e.path);
    }
    if (!e.path.empty()) return error_at(e, f + "(...) has no fields");
    if (f == "today") {
      if (!e.children.empty()) return error_at(e, "today() takes no arguments");
      e.ref = Ref::today;
      e.type = Type::date;
      return Ok{};
    }
    if (f == "event" || f == "has_event" || f == "count_events") {
      if (auto s = one_string_argument(e, "event"); !s) return s;
      if (!vocabulary_.events.count(e.argument))
        return error_at(*e.children[0], "unknown event '" + e.argument + "' in the workflows this rule applies to");
      e.ref = f == "event" ? Ref::event_date : f == "has_event" ? Ref::has_event : Ref::count_events;
      e.type = f == "event" ? Type::date : f == "has_event" ? Type::boolean : Type::number;
      return Ok{};
    }
    if (f == "is_set") {
      if (e.children.size() != 1) return error_at(e, "is_set(...) takes one argument");
      if (auto s = check(*e.children[0]); !s) return s;
      e.ref = Ref::is_set;
      e.type = Type::boolean;
      return Ok{};
    }
    static const std::map<std::string, Unit> between = {
        {"working_days_between", Unit::working_days}, {"school_days_between", Unit::school_days},
        {"calendar_days_between", Unit::calendar_days}, {"weeks_between", Unit::weeks},
        {"months_between", Unit::months}};
    if (auto it = between.find(f); it != between.end()) {
      if (e.children.size() != 2) return error_at(e, f + "(from, to) takes two dates");
      for (auto& arg : e.children) {
        if (auto s = check(*arg); !s) return s;
        if (arg->type != Type::date)
          return error_at(*arg, f + "(from, to) takes dates, not a " + std::string(type_name(arg->type)));
      }
      e.ref = Ref::between;
      e.unit = it->second;
      e.type = Type::number;
      return Ok{};
    }
    return error_at(e, "unknown function '" + f + "'");
  }

  Status unary(Expr& e) {
    if (auto s = check(*e.children[0]); !s) return s;
    if (e.children[0]->type != Type::boolean)
      return error_at(e, "'not' needs a true/false value, not a " + std::string(type_name(e.children[0]->type)));
    e.type = Type::boolean;
    return Ok{};
  }

  Status binary(Expr& e) {
    Expr& l = *e.children[0];
    if (auto s = check(l); !s) return s;
    if (e.op == Op::in || e.op == Op::not_in) {
      Expr& list = *e.children[1];
      for (auto& item : list.children) {
        if (auto s = check(*item); !s) return s;
        if (item->type != l.type)
          return error_at(*item, "this list holds a " + std::string(type_name(item->type)) + " but '" +
                                     std::string(op_text(e.op)) + "' tests a " + std::string(type_name(l.type)));
      }
      e.type = Type::boolean;
      return Ok{};
    }
    Expr& r = *e.children[1];
    if (auto s = check(r); !s) return s;
    const std::string lt(type_name(l.type)), rt(type_name(r.type));
    switch (e.op) {
      case Op::and_:
      case Op::or_:
        if (l.type != Type::boolean || r.type != Type::boolean)
          return error_at(e, "'" + std::string(op_text(e.op)) + "' joins true/false values, not a " +
                                 (l.type != Type::boolean ? lt : rt));
        e.type = Type::boolean;
        return Ok{};
      case Op::eq:
      case Op::ne:
        if (l.type != r.type) return error_at(e, "cannot compare a " + lt + " with a " + rt);
        e.type = Type::boolean;
        return Ok{};
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
        if (l.type != r.type) return error_at(e, "cannot compare a " + lt + " with a " + rt);
        if (l.type != Type::number && l.type != Type::date)
          return error_at(e, "'" + std::string(op_text(e.op)) + "' orders numbers or dates, not a " + lt);
        e.type = Type::boolean;
        return Ok{};
      case Op::add:
      case Op::sub:
        if (l.type == Type::number && r.type == Type::number) { e.type = Type::number; return Ok{}; }
        if (l.type == Type::date && r.type == Type::duration) { e.type = Type::date; return Ok{}; }
        return error_at(e, "cannot " + std::string(e.op == Op::add ? "add a " : "subtract a ") + rt +
                               (e.op == Op::add ? " to a " : " from a ") + lt);
      default:
        return error_at(e, "unexpected operator");
    }
  }

  const RuleVocabulary& vocabulary_;
  const std::optional<std::string>& subject_;
  std::vector<std::string>& slots_;
};

}  // namespace

Status check_expression(Expr& root, const RuleVocabulary& vocabulary,
                        const std::optional<std::string>& subject_timer,
                        std::vector<std::string>& timer_slots) {
  return Checker(vocabulary, subject_timer, timer_slots).check(root);
}

std::string describe(const Expr& e, const std::vector<std::string>& timer_slots) {
  switch (e.ref) {
    case Ref::timer_field: {
      static const char* names[] = {"status", "due", "start", "stopped", "remaining", "elapsed_fraction",
                                    "extended", "paused", "unit", "kind", "exemption", "overdue_by"};
      return timer_slots[static_cast<size_t>(e.timer_slot)] + "." + names[static_cast<int>(e.field)];
    }
    case Ref::attribute: return "case.attributes." + e.argument;
    case Ref::event_date: return "event(" + e.argument + ")";
    case Ref::has_event: return "has_event(" + e.argument + ")";
    case Ref::count_events: return "count_events(" + e.argument + ")";
    case Ref::today: return "today";
    case Ref::case_id: return "case.id";
    case Ref::case_workflow: return "case.workflow";
    case Ref::case_state: return "case.state";
    case Ref::case_problems: return "case.problems";
    case Ref::between: {
      std::string out = e.text + "(";
      for (size_t i = 0; i < e.children.size(); ++i)
        out += (i ? ", " : "") + describe(*e.children[i], timer_slots);
      return out + ")";
    }
    case Ref::is_set: return "is_set(" + describe(*e.children[0], timer_slots) + ")";
    case Ref::none: break;
  }
  if (e.kind == Expr::Kind::literal) return value_text(e.literal);
  return "(expression)";
}

}  // namespace timescales::rules
