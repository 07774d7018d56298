// Cases and evaluations as JSON, in the shapes of the engine contract §2.
//
// A case file: {"id", "workflow", "workflow_version"?, "attributes": {name: string or number},
// "events": [{"type", "date", "reason"?}]}. Attribute numbers are kept as their text ("2021"),
// so the engine sees one kind of value. An evaluation renders exactly as `evaluate --format json`
// prints it; fields beyond the contract's are additions, never renames.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "engine/case/case.hpp"
#include "engine/core/result.hpp"
#include "engine/evaluate/evaluation.hpp"
#include "engine/rules/rule.hpp"

namespace timescales {

// `file` names the source in errors ("case.json:3:14: ...").
Result<Case> parse_case_json(std::string_view text, const std::string& file);
nlohmann::ordered_json case_to_json(const Case& c);

// Keys in the contract's order.
nlohmann::ordered_json evaluation_to_json(const Evaluation& evaluation);

// The flags the rules raised, as `evaluate --format json` lists them.
nlohmann::ordered_json flags_to_json(const std::vector<rules::Flag>& flags);
// An evaluation with its flags: exactly what `evaluate --format json` prints for one case, and
// what the HTTP API answers for one (one writer for both, so the two cannot drift apart).
nlohmann::ordered_json assessment_to_json(const Evaluation& evaluation, const std::vector<rules::Flag>& flags);

}  // namespace timescales
