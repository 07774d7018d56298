// The children's social care part of the demonstration caseload: referrals and child and family
// assessments, child protection enquiries and plans, children in care (reviews, visits, health
// assessments, PEPs), missing episodes and care leavers, for a council of Halton's size, with
// the lateness the board papers report and a few mistyped records. Counts and rates are from the
// papers (adapters/demo/social_care_demo.cpp cites each). Made-up references, no names; a child's
// date of birth is made up too, as the health assessments need one.
//
// Drawn from its own seed, after the rest of the demo, so adding it moved no other case's dates.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <vector>

#include "adapters/demo/demo_caseload.hpp"

namespace timescales::demo {

// Every case as it would stand on options.as_of, events after it included (the caller cuts them).
std::vector<Case> generate_social_care_caseload(const DemoOptions& options);

}  // namespace timescales::demo
