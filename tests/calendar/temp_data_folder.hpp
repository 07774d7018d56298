// A throwaway data folder holding a copy of the shipped calendars (without any local changes), and
// room for feeds: for the tests of `calendar import-govuk`, which writes into the data folder.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace timescales::test {

struct TempData {
  std::filesystem::path dir;
  explicit TempData(const std::string& prefix = "timescales-calendar-") {
    namespace fs = std::filesystem;
    dir = fs::temp_directory_path() / (prefix + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    fs::create_directories(dir / "rules");
    fs::copy(fs::path(TIMESCALES_SOURCE_DIR) / "rules" / "calendars", dir / "rules" / "calendars");
    fs::remove(dir / "rules" / "calendars" / "england-and-wales.local.toml");
  }
  ~TempData() { std::filesystem::remove_all(dir); }
  TempData(const TempData&) = delete;
  TempData& operator=(const TempData&) = delete;
  std::filesystem::path local() const { return dir / "rules" / "calendars" / "england-and-wales.local.toml"; }
  // Writes a file into the folder; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  }
};

}  // namespace timescales::test
