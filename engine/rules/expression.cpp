#include "engine/rules/expression.hpp"

#include <cmath>
#include <cstdio>

namespace timescales::rules {

std::string_view type_name(Type t) {
  switch (t) {
    case Type::unknown: return "value of unknown type";
    case Type::boolean: return "true/false value";
    case Type::number: return "number";
    case Type::string: return "string";
    case Type::date: return "date";
    case Type::duration: return "duration";
  }
  return "?";
}

std::string value_text(const Value& v) {
  return std::visit([](const auto& x) -> std::string {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, std::monostate>) return "(none)";
    else if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
    else if constexpr (std::is_same_v<T, double>) {
      if (std::floor(x) == x && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", x);
      return buf;
    } else if constexpr (std::is_same_v<T, std::string_view>) return std::string(x);
    else if constexpr (std::is_same_v<T, Date>) return to_iso(x);
    else return to_string(x);
  }, v);
}

std::string_view op_text(Op op) {
  switch (op) {
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::and_: return "and";
    case Op::or_: return "or";
    case Op::not_: return "not";
    case Op::in: return "in";
    case Op::not_in: return "not in";
  }
  return "?";
}

}  // namespace timescales::rules
