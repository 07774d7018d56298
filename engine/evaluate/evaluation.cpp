#include "engine/evaluate/evaluation.hpp"

namespace timescales {

std::string_view clock_kind_name(ClockKind k) {
  switch (k) {
    case ClockKind::deadline: return "deadline";
    case ClockKind::minimum: return "minimum";
    case ClockKind::fixed: return "fixed";
    case ClockKind::recurring: return "recurring";
    case ClockKind::local_target: return "local_target";
  }
  return "deadline";
}

std::string_view timer_status_name(TimerStatus s) {
  switch (s) {
    case TimerStatus::pending: return "pending";
    case TimerStatus::running: return "running";
    case TimerStatus::paused: return "paused";
    case TimerStatus::met: return "met";
    case TimerStatus::missed: return "missed";
    case TimerStatus::overdue: return "overdue";
    case TimerStatus::exempt: return "exempt";
    case TimerStatus::cancelled: return "cancelled";
  }
  return "pending";
}

}  // namespace timescales
