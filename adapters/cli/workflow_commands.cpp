// `timescales check`, `graph`, `evaluate` and `explain`.
#include "adapters/cli/cli_context.hpp"

namespace timescales::cli {

void add_workflow_commands(CLI::App& /*app*/, CliContext& /*ctx*/) {}

}  // namespace timescales::cli
