// A case explained for a person: its timeline (each event and the state it moved the case to),
// every clock with its working, the flags raised and why, and the problems with its data. Shared
// by `explain` (a case file) and `case show` (a stored case).
//
// Thread-safety: writes to the stream it is given.
#pragma once

#include <ostream>
#include <vector>

#include "engine/evaluate/evaluation.hpp"
#include "engine/rules/rule.hpp"

namespace timescales::cli {

void print_case_explanation(std::ostream& out, const Evaluation& ev, const std::vector<rules::Flag>& flags);

}  // namespace timescales::cli
