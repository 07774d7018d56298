// CSV as councils' systems write it.
#include <catch2/catch.hpp>

#include "adapters/files/spreadsheet_csv.hpp"
#include "adapters/import/csv_reader.hpp"
#include "adapters/import/export_dates.hpp"
#include "adapters/files/text_files.hpp"

using namespace timescales;

namespace {

std::vector<CsvRecord> read_all(std::string_view text) {
  CsvReader reader(text);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

// Hands its text out `block` bytes at a time, as a file read in blocks would.
class Trickle : public GrowingText {
 public:
  Trickle(std::string text, size_t block) : text_(std::move(text)), block_(block) {}
  std::string_view text() const override {
    return std::string_view(text_).substr(from_, shown_ - from_);
  }
  bool more(size_t keep_from) override {
    from_ += keep_from;
    if (shown_ >= text_.size()) return false;
    shown_ = std::min(text_.size(), shown_ + block_);
    return true;
  }

 private:
  std::string text_;
  size_t block_;
  size_t from_ = 0, shown_ = 0;
};

}  // namespace

TEST_CASE("RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes") {
  const auto records = read_all(
      "a,b,c\n"
      "1,\"two, with comma\",3\n"
      "\"say \"\"hello\"\"\",,\"line one\nline two\"\n"
      "last,\"\",x\n");
  REQUIRE(records.size() == 4);
  CHECK(records[1].fields == std::vector<std::string>{"1", "two, with comma", "3"});
  CHECK(records[2].fields == std::vector<std::string>{"say \"hello\"", "", "line one\nline two"});
  CHECK(records[3].fields == std::vector<std::string>{"last", "", "x"});
  // Line numbers are physical: the record after a two-line field starts on line 5.
  CHECK(records[0].line == 1);
  CHECK(records[2].line == 3);
  CHECK(records[3].line == 5);
  for (const auto& r : records) CHECK(r.error.empty());
}

TEST_CASE("a byte-order mark, CRLF, and blank lines anywhere are taken in stride") {
  const auto records = read_all("\xEF\xBB\xBF" "id,name\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n,\r\n  \r\n\r\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == std::vector<std::string>{"id", "name"});
  CHECK(records[1].fields == std::vector<std::string>{"1", "a\nb"});  // CRLF inside becomes \n
  CHECK(records[2].fields == std::vector<std::string>{"2", "c"});
  CHECK(records[2].line == 5);
}

TEST_CASE("a file without a final line break keeps its last record") {
  const auto records = read_all("a,b\n1,2");
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == std::vector<std::string>{"1", "2"});
}

TEST_CASE("malformed quoting is reported on the record, and reading goes on") {
  const auto records = read_all("a,b\n\"x\"y,1\n2,3\n\"never closed,4\n5,6\n");
  REQUIRE(records.size() == 4);
  CHECK_THAT(records[1].error, Catch::Contains("text follows a closing quote"));
  CHECK(records[2].error.empty());
  CHECK(records[2].fields == std::vector<std::string>{"2", "3"});
  CHECK(records[3].line == 4);
  CHECK_THAT(records[3].error, Catch::Contains("opened on line 4 is never closed"));
}

TEST_CASE("fields are written back quoted only when they need it") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("export dates in the three formats, and impossible dates refused") {
  using F = ExportDateFormat;
  CHECK(to_iso(*parse_export_date("2025-12-19", F::iso)) == "2025-12-19");
  CHECK(to_iso(*parse_export_date("19/12/2025", F::day_month_year_padded)) == "2025-12-19");
  CHECK(to_iso(*parse_export_date("9/1/2026", F::day_month_year)) == "2026-01-09");
  CHECK(to_iso(*parse_export_date("09/01/2026", F::day_month_year)) == "2026-01-09");

  auto feb30 = parse_export_date("30/02/2025", F::day_month_year_padded);
  REQUIRE_FALSE(feb30.ok());
  CHECK(feb30.error().message == "'30/02/2025' is not a date: Feb 2025 has 28 days");
  CHECK(parse_export_date("29/02/2024", F::day_month_year_padded).ok());  // a leap year
  CHECK_FALSE(parse_export_date("9/1/2026", F::day_month_year_padded).ok());
  CHECK_FALSE(parse_export_date("19/13/2025", F::day_month_year_padded).ok());
  CHECK_FALSE(parse_export_date("2025-12-19", F::day_month_year_padded).ok());
  CHECK_FALSE(parse_export_date("19/12/25", F::day_month_year).ok());
  CHECK_FALSE(parse_export_date("19/12/2025 10:30", F::day_month_year_padded).ok());
  CHECK_THAT(parse_export_date("19/12/0025", F::day_month_year_padded).error().message,
             Catch::Contains("implausible year"));
  CHECK_FALSE(parse_export_date_format("mm/dd/yyyy").ok());
}

TEST_CASE("text that arrives a block at a time reads as the same records as the whole") {
  auto messy = read_text_file(std::filesystem::path(TIMESCALES_SOURCE_DIR) / "tests" / "fixtures" /
                              "import" / "messy-native.csv");
  REQUIRE(messy.ok());
  const std::vector<std::string> texts = {
      *messy,
      "\xEF\xBB\xBF" "id,name\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n,\r\n  \r\n\r\n",
      "a,b\n\"x\"y,1\n2,3\n\"never closed,4\n5,6\n",
      "a,b\r\n1,2",
      "",
  };
  for (const std::string& text : texts) {
    const auto whole = read_all(text);
    for (size_t block : {1, 2, 3, 7, 64}) {
      Trickle trickle(text, block);
      CsvReader reader(trickle);
      std::vector<CsvRecord> pieces;
      CsvRecord r;
      while (reader.next(r)) pieces.push_back(r);
      INFO("block of " << block << " bytes");
      REQUIRE(pieces.size() == whole.size());
      for (size_t i = 0; i < whole.size(); ++i) {
        CHECK(pieces[i].fields == whole[i].fields);
        CHECK(pieces[i].line == whole[i].line);
        CHECK(pieces[i].error == whole[i].error);
      }
    }
  }
}
