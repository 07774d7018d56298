// A case system's CSV export, as the importer reads it: records (whole, and fed a few bytes at a
// time, which must give the same records), the header resolved against the native layout, every
// row read through it. A well-formed record written back with csv_field reads back the same.
#include <algorithm>

#include "adapters/files/spreadsheet_csv.hpp"
#include "adapters/import/csv_reader.hpp"
#include "adapters/import/export_layout.hpp"
#include "adapters/import/import_mapping.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace timescales;

// The text in blocks of `step` bytes, as ExportFile gives it.
class Trickle : public GrowingText {
 public:
  Trickle(std::string_view all, size_t step) : all_(all), step_(step) { end_ = std::min(step_, all_.size()); }
  std::string_view text() const override { return all_.substr(begin_, end_ - begin_); }
  bool more(size_t keep_from) override {
    begin_ += keep_from;
    if (end_ == all_.size()) return false;
    end_ = std::min(end_ + step_, all_.size());
    return true;
  }

 private:
  std::string_view all_;
  size_t step_, begin_ = 0, end_ = 0;
};

std::vector<CsvRecord> records_of(CsvReader& reader) {
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = fuzz::text_of(data, size);
  CsvReader whole_reader(text);
  const auto whole = records_of(whole_reader);
  Trickle trickle(text, 7);
  CsvReader trickle_reader(trickle);
  const auto trickled = records_of(trickle_reader);
  FUZZ_CHECK(whole.size() == trickled.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    FUZZ_CHECK(whole[i].line == trickled[i].line);
    FUZZ_CHECK(whole[i].fields == trickled[i].fields);
    FUZZ_CHECK(whole[i].error == trickled[i].error);
  }
  for (const auto& r : whole) {
    if (!r.error.empty() || r.fields.empty()) continue;
    std::string line;
    for (size_t i = 0; i < r.fields.size(); ++i) line += (i ? "," : "") + csv_field(r.fields[i]);
    // A byte-order mark is dropped at the start of a file, as documented: a record whose first
    // field begins with one cannot come back as the first line (found by the campaign; not a bug).
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) continue;
    CsvReader again(line);
    CsvRecord back;
    // A record of one empty field is a blank line, which the reader skips.
    if (again.next(back)) FUZZ_CHECK(back.fields == r.fields);
  }
  if (whole.empty()) return 0;
  static const ImportMapping native = native_import_layout();
  auto layout = ExportLayout::resolve(native, whole.front(), "fuzz.csv");
  if (!layout) return 0;
  ExportRow row;
  std::string why;
  for (size_t i = 1; i < whole.size(); ++i) (void)layout->read(whole[i], row, why);
  return 0;
}
