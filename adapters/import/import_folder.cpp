#include "adapters/import/import_folder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "adapters/files/text_files.hpp"
#include "adapters/import/rejects_report.hpp"

namespace timescales {
namespace {

namespace fs = std::filesystem;

// Moves without ever replacing a file: link() refuses an existing name, where rename() would
// replace it. Across file systems, a copy that refuses an existing name, then the original goes.
Status move_without_overwriting(const fs::path& from, const fs::path& to) {
  if (::link(from.c_str(), to.c_str()) == 0) {
    if (::unlink(from.c_str()) != 0)
      return Error{ErrorKind::io, from.string() + ": archived as " + to.string() + " but not removed: " + std::strerror(errno)};
    return Ok{};
  }
  if (errno != EXDEV && errno != EPERM)
    return Error{ErrorKind::io, from.string() + ": cannot archive as " + to.string() + ": " + std::strerror(errno)};
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::none, ec);
  if (ec) return Error{ErrorKind::io, from.string() + ": cannot archive as " + to.string() + ": " + ec.message()};
  fs::remove(from, ec);
  if (ec) return Error{ErrorKind::io, from.string() + ": archived as " + to.string() + " but not removed: " + ec.message()};
  return Ok{};
}

// An error of the store, not of the file: the run cannot go on.
bool store_failure(const Error& e) { return e.kind == ErrorKind::io || e.kind == ErrorKind::busy; }

}  // namespace

std::string run_stamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H%M%SZ", &utc);
  return buf;
}

fs::path unique_name(const fs::path& dir, const std::string& stamp, const std::string& name) {
  const fs::path plain(name);
  const std::string stem = plain.stem().string(), extension = plain.extension().string();
  std::error_code ec;
  fs::path candidate = dir / (stamp + "-" + name);
  for (int n = 2; fs::exists(candidate, ec) || fs::is_symlink(candidate, ec); ++n)
    candidate = dir / (stamp + "-" + stem + "-" + std::to_string(n) + extension);
  return candidate;
}

Result<std::optional<ImportReport>> import_one_export(CaseStore& store, const fs::path& file,
                                                      const ImportConfig& config, const EventValidator& validate,
                                                      const FolderImportPlaces& places, FolderImport& outcome) {
  const ExportRule* rule = config.rule_for(file.filename().string());
  if (!rule) {
    std::string patterns;
    for (const auto& r : config.exports) patterns += (patterns.empty() ? "" : ", ") + r.pattern;
    outcome.held_back.push_back(
        {file, "no [[export]] pattern of " + (config.file.empty() ? std::string("the configuration") : config.file) +
                   " matches its name (" + patterns + "): left where it is; add a pattern and its mapping"});
    return std::optional<ImportReport>{};
  }
  if (rule->problem) {
    outcome.held_back.push_back({file, "its mapping cannot be used: " + rule->problem->to_string()});
    return std::optional<ImportReport>{};
  }
  ImportOptions options;
  options.mapping = rule->mapping.get();
  options.validate = validate;
  options.max_rejected_share = config.max_rejected_share;
  auto report = import_events_file(store, file, options);
  if (!report) {
    if (store_failure(report.error())) return report.error();
    outcome.held_back.push_back({file, report.error().to_string()});
    return std::optional<ImportReport>{};
  }
  outcome.rejected += report->rejects.size();
  outcome.corrections += report->corrections.size();
  if (!report->rejects.empty() || !report->corrections.empty()) {
    std::error_code ec;
    fs::create_directories(places.rejects, ec);
    if (ec) return Error{ErrorKind::io, places.rejects.string() + ": cannot create the rejects folder: " + ec.message()};
    const fs::path path = unique_name(places.rejects, places.stamp, file.stem().string() + ".csv");
    if (auto written = write_file_atomically(path, rejects_csv(report->rejects, report->corrections), FileAccess::owner_only);
        !written)
      return written.error();
    outcome.rejects_files.push_back(path);
  }
  if (!report->held_back.empty()) {
    outcome.held_back.push_back({file, report->held_back});
    return std::optional<ImportReport>{};
  }
  outcome.added += static_cast<size_t>(report->added);
  return std::optional<ImportReport>(std::move(*report));
}

Result<FolderImport> import_folder(CaseStore& store, const fs::path& folder, const ImportConfig& config,
                                   const EventValidator& validate, const FolderImportPlaces& places) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file() && e.path().extension() == ".csv") files.push_back(e.path());
  if (ec) return Error{folder.string() + ": " + ec.message()};
  std::sort(files.begin(), files.end());
  FolderImport outcome;
  for (const auto& file : files) {
    auto report = import_one_export(store, file, config, validate, places, outcome);
    if (!report) return report.error().context(file.string());
    if (!*report) continue;
    outcome.imported.push_back(std::move(**report));
    // Imported files move aside so tomorrow's run does not read them again (re-reading would add
    // nothing, the import being idempotent, but would cost time), each under a name of its own.
    fs::create_directories(places.archive, ec);
    if (ec) return Error{ErrorKind::io, places.archive.string() + ": cannot create the archive folder: " + ec.message()};
    const fs::path archived = unique_name(places.archive, places.stamp, file.filename().string());
    if (auto moved = move_without_overwriting(file, archived); !moved) return moved.error();
    outcome.archived.push_back(archived);
  }
  return outcome;
}

}  // namespace timescales
