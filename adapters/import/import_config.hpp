// An import configuration: which mapping each export in an import folder is read with, chosen by
// its file name, and what the nightly does with what it imports. A TOML file:
//
//   max_rejected_share = 0.2          # more than this share of a file's rows rejected holds it back
//   archive = "incoming/imported"     # where imported exports are moved (default: <folder>/imported)
//   rejects = "out/rejects"           # where the rejects files go (default: <out>/rejects)
//
//   [[export]]
//   pattern = "complaints-*.csv"      # shell pattern on the file name; the first match wins
//   mapping = "mappings/liquidlogic-complaints.toml"
//
//   [[export]]
//   pattern = "ehcp-*.csv"            # no mapping: the native layout
//
// Paths are relative to the configuration file. A file the folder holds that matches no pattern
// is not guessed at: it is left where it is and reported, and the run exits 2 (a new export
// dropped in the folder must be given its mapping, not read as the native layout).
//
// Loading reads every mapping and checks each against the workflows (mapping_check.hpp) before
// any row is read. A mapping that fails (a misspelt event, a syntax error) does not stop the
// others: its rule keeps the problem, and the files it matches are held back with it, left in
// place, the run exiting 2. An error in the configuration itself fails the load. Errors are at
// file:line:column.
//
// Thread-safety: plain values.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/import/import_mapping.hpp"
#include "engine/workflow/workflow_library.hpp"

namespace timescales {

// A fifth: a night's export carries a handful of mistyped rows, a few per cent at most; when more
// than one row in five is rejected the mapping or the export's layout has changed, and importing
// the rest would leave cases half-told (a `received` without its `acknowledged`).
inline constexpr double kDefaultMaxRejectedShare = 0.2;

struct ExportRule {
  std::string pattern;
  std::optional<std::filesystem::path> mapping_file;  // none: the native layout
  std::shared_ptr<const ImportMapping> mapping;      // loaded and checked; null for native
  SourcePosition where;
  std::optional<Error> problem;  // the mapping's, when it did not load or check
};

struct ImportConfig {
  std::string file;  // "" when made from --mapping
  std::vector<ExportRule> exports;
  std::optional<double> max_rejected_share = kDefaultMaxRejectedShare;  // unset: only "every row"
  std::optional<std::filesystem::path> archive;
  std::optional<std::filesystem::path> rejects;

  // The rule for a file name, or null when none matches.
  const ExportRule* rule_for(const std::string& file_name) const;
  // Every rule's problem, in order.
  std::vector<Error> problems() const;
};

// Parses and loads (every mapping read and checked against `workflows`).
Result<ImportConfig> load_import_config(const std::filesystem::path& file, const WorkflowLibrary& workflows);
Result<ImportConfig> parse_import_config(std::string_view text, const std::filesystem::path& file,
                                         const WorkflowLibrary& workflows);

// `--mapping FILE` (or none): one layout for every *.csv, with the defaults above.
Result<ImportConfig> single_mapping_config(const std::optional<std::filesystem::path>& mapping,
                                           const WorkflowLibrary& workflows);

// Whether a TOML file is an import configuration (it has [[export]]) or a mapping ([mapping]),
// for `timescales check`.
bool is_import_config_text(std::string_view text);
bool is_import_mapping_text(std::string_view text);

}  // namespace timescales
