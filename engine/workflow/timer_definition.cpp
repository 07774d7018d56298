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

std::string_view timer_basis_name(TimerBasis basis) {
  switch (basis) {
    case TimerBasis::statute: return "statute";
    case TimerBasis::guidance: return "guidance";
    case TimerBasis::council: return "council";
  }
  return "statute";
}

Result<TimerBasis> parse_timer_basis(std::string_view text) {
  for (TimerBasis b : {TimerBasis::statute, TimerBasis::guidance, TimerBasis::council})
    if (timer_basis_name(b) == text) return b;
  return Error{"unknown basis '" + std::string(text) + "' (statute, guidance or council)"};
}

bool AttributeCondition::matches(const Attributes& attributes) const {
  if (attribute.empty()) return true;
  auto it = attributes.find(attribute);
  return it != attributes.end() && std::find(equals.begin(), equals.end(), it->second) != equals.end();
}

}  // namespace timescales
