#include "engine/workflow/timer_definition.hpp"

#include <algorithm>

namespace timescales {

std::string_view timer_kind_name(TimerKind kind) {
  switch (kind) {
    case TimerKind::deadline: return "deadline";
    case TimerKind::minimum: return "minimum";
    case TimerKind::fixed: return "fixed";
    case TimerKind::recurring: return "recurring";
  }
  return "deadline";
}

Result<TimerKind> parse_timer_kind(std::string_view text) {
  for (TimerKind k : {TimerKind::deadline, TimerKind::minimum, TimerKind::fixed, TimerKind::recurring})
    if (timer_kind_name(k) == text) return k;
  return Error{"unknown timer kind '" + std::string(text) +
               "' (deadline, minimum, fixed or recurring)"};
}

bool AttributeCondition::matches(const Attributes& attributes) const {
  if (attribute.empty()) return true;
  auto it = attributes.find(attribute);
  return it != attributes.end() && std::find(equals.begin(), equals.end(), it->second) != equals.end();
}

}  // namespace timescales
