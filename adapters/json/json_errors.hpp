// Turning any exception nlohmann::json::parse throws into the project's Error, with a position.
//
// parse() throws more than parse_error: a number beyond a double's range (`1e400`) throws
// out_of_range (406), and a caller that catches only parse_error aborts. Every caller that parses
// JSON from outside catches nlohmann::json::exception and hands it here.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "engine/core/result.hpp"

namespace timescales {

// "syntax error ..." at the byte nlohmann names, or "the number 1e400 is too large ..." at the
// number's first appearance in `text`; otherwise nlohmann's words without the "[json.exception…]".
Error json_exception_error(const nlohmann::json::exception& e, std::string_view text, const std::string& file);

}  // namespace timescales
