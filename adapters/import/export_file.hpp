// An export file read for the importer a block at a time, so that the rows at its start are
// judged and written while the rest is still being read, through a window of a few blocks
// rather than all of a file of half a gigabyte in memory at once. The errors are
// read_text_file()'s.
//
// A record that runs on past the end of what has been read (the CSV reader then reads it again)
// is kept whole, and the next read is at least as long as it, so even a record of the rest of
// the file (a quote never closed) is read again only as often as its length doubles.
//
// Thread-safety: one thread at a time.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

#include "adapters/import/csv_reader.hpp"
#include "engine/core/result.hpp"

namespace timescales {

class ExportFile : public GrowingText {
 public:
  // Opens the file and reads its first block.
  static Result<std::unique_ptr<ExportFile>> open(const std::filesystem::path& path);
  ~ExportFile() override;
  ExportFile(const ExportFile&) = delete;
  ExportFile& operator=(const ExportFile&) = delete;

  std::string_view text() const override { return {data_.get(), size_}; }
  // False at the end of the file, and after a read error, which status() then gives.
  bool more(size_t keep_from) override;
  Status status() const { return status_; }
  // The file's size when opened, before any of it was read, and the bytes read since.
  size_t expected_size() const { return expected_; }
  size_t bytes_read() const { return read_; }

 private:
  ExportFile(std::filesystem::path path, int fd, size_t expected);

  std::filesystem::path path_;
  int fd_ = -1;
  size_t expected_ = 0;
  size_t read_ = 0;
  std::unique_ptr<char[]> data_;  // not zero-filled first: read() overwrites every byte kept
  size_t capacity_ = 0;
  size_t size_ = 0;  // of the window, which starts at data_
  bool at_end_ = false;
  Status status_ = Ok{};
};

}  // namespace timescales
