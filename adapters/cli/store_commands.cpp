// `timescales init`, `case add-event`, `case show` and `import`.
#include "adapters/cli/cli_context.hpp"

namespace timescales::cli {

void add_store_commands(CLI::App& /*app*/, CliContext& /*ctx*/) {}

}  // namespace timescales::cli
