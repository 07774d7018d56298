// Loading the clock declarations the children's social care workflows need (limits by cycle,
// ages, hours, the latest start) and refusing their misuse, each at file:line:column.
#include "support.hpp"

using namespace timescales;
using namespace timescales::testing;

namespace {

const std::string kWorkflow = R"([workflow]
id = "tiny"
version = "1"
source = "Test Regulations 2025"
in_force_from = 2025-01-01

[[state]]
id = "new"
start = true

[[state]]
id = "open"

[[state]]
id = "done"
final = true

[[event]]
id = "opened"

[[event]]
id = "reviewed"

[[event]]
id = "finished"

[[transition]]
event = "opened"
from = "new"
to = "open"

[[transition]]
event = "reviewed"
from = "open"

[[transition]]
event = "finished"
from = "open"
to = "done"

[[timer]]
id = "t"
source = "Test Regulations 2025 reg 1"
)";

// The line of the first occurrence of `key` in the timer text appended to kWorkflow.
int line_of(const std::string& text, const std::string& key) {
  const auto at = text.find(key);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::vector<std::string> errors_of(const std::string& timer) {
  std::vector<std::string> out;
  for (const auto& e : load_workflow(kWorkflow + timer, "tiny.toml").errors) out.push_back(e.to_string());
  return out;
}

}  // namespace

TEST_CASE("a non-recurring timer whose start is also its stop is refused at its 'stop'") {
  const std::string timer = "kind = \"deadline\"\nstart = \"reviewed\"\nstop = [\"finished\", \"reviewed\"]\nlimit = \"10 days\"\n";
  const auto errors = errors_of(timer);
  REQUIRE(errors.size() == 1);
  const int line = line_of(kWorkflow + timer, "stop = [");
  CHECK(errors[0] == "tiny.toml:" + std::to_string(line) + ":8: timer 't': 'reviewed' both starts and stops it; "
                     "only a recurring timer may (each occurrence meets one cycle and starts the next)");
  // The same on a recurring timer is a schedule: each review meets one cycle and starts the next.
  CHECK(errors_of("kind = \"recurring\"\nstart = \"reviewed\"\nstop = \"reviewed\"\nlimit = \"6 months\"\n").empty());
}

TEST_CASE("limits by cycle load, and their misuse is refused") {
  const auto def = load_workflow(kWorkflow + "kind = \"recurring\"\nstart = \"opened\"\nrestart = \"reviewed\"\n"
                                             "limits = [\"20 working days\", \"3 months\", \"6 months\"]\n",
                                 "tiny.toml");
  REQUIRE(def.errors.empty());
  const auto& t = def.definition->timers.front();
  CHECK(t.limits == std::vector<Duration>{{20, Unit::working_days}, {3, Unit::months}, {6, Unit::months}});

  const std::string both = "kind = \"recurring\"\nstart = \"opened\"\nrestart = \"reviewed\"\nlimit = \"6 months\"\nlimits = [\"3 months\"]\n";
  const auto e1 = errors_of(both);
  REQUIRE(e1.size() == 1);
  CHECK(e1[0] == "tiny.toml:" + std::to_string(line_of(kWorkflow + both, "limits =")) +
                     ":10: timer 't': give 'limit' or 'limits' (one per cycle), not both");

  const std::string bad = "kind = \"recurring\"\nstart = \"opened\"\nrestart = \"reviewed\"\nlimits = [\"3 months\", \"6 fortnights\"]\n";
  const auto e2 = errors_of(bad);
  REQUIRE(e2.size() == 1);
  // The bad item itself: `limits = [` is columns 1-10, "3 months" (quoted) 11-20, ", " 21-22:
  // the second item starts at column 23.
  CHECK(e2[0].rfind("tiny.toml:" + std::to_string(line_of(kWorkflow + bad, "limits =")) + ":23: timer 't': 'limits': ", 0) == 0);

  CHECK(errors_of("kind = \"recurring\"\nstart = \"opened\"\nrestart = \"reviewed\"\nlimits = []\n").size() == 1);
  // A deadline runs one cycle at a time: a list of limits by cycle means nothing to it.
  const auto deadline = errors_of("kind = \"deadline\"\nstart = \"opened\"\nstop = \"finished\"\nlimits = [\"3 days\"]\n");
  REQUIRE(deadline.size() == 1);
  CHECK(deadline[0].find("'limits' (one per cycle) is for a recurring timer; give 'limit'") != std::string::npos);
}

TEST_CASE("a limit in hours needs the limit for a date without a time, in days") {
  const std::string no_fallback = "kind = \"deadline\"\nstart = \"opened\"\nstop = \"finished\"\nlimit = \"72 hours\"\n";
  const auto e1 = errors_of(no_fallback);
  REQUIRE(e1.size() == 1);
  CHECK(e1[0].find("counts hours: give 'date_only_limit'") != std::string::npos);
  CHECK(e1[0].rfind("tiny.toml:" + std::to_string(line_of(kWorkflow + no_fallback, "limit =")) + ":9: ", 0) == 0);

  CHECK(errors_of(no_fallback + "date_only_limit = \"3 days\"\n").empty());
  CHECK(errors_of(no_fallback + "date_only_limit = \"80 hours\"\n").size() == 1);
  const auto e2 = errors_of("kind = \"deadline\"\nstart = \"opened\"\nstop = \"finished\"\nlimit = \"3 days\"\ndate_only_limit = \"3 days\"\n");
  REQUIRE(e2.size() == 1);
  CHECK(e2[0].find("'date_only_limit' is for a limit in hours") != std::string::npos);
}

TEST_CASE("start_occurrence, cycle_starts_after and when_age are checked") {
  const std::string latest = "kind = \"deadline\"\nstart = \"opened\"\nstop = \"finished\"\nlimit = \"3 days\"\nstart_occurrence = \"latest\"\n";
  REQUIRE(errors_of(latest).empty());
  CHECK(load_workflow(kWorkflow + latest, "tiny.toml").definition->timers.front().start_occurrence ==
        StartOccurrence::latest);
  const auto typo = errors_of("kind = \"deadline\"\nstart = \"opened\"\nstop = \"finished\"\nlimit = \"3 days\"\nstart_occurrence = \"last\"\n");
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].find("'start_occurrence' is \"each\" or \"latest\", not 'last'") != std::string::npos);
  CHECK(errors_of("kind = \"recurring\"\nstart = \"opened\"\nrestart = \"reviewed\"\nlimit = \"6 months\"\nstart_occurrence = \"latest\"\n").size() == 1);

  const std::string variant = "kind = \"recurring\"\nstart = \"opened\"\nrestart = \"reviewed\"\nlimit = \"12 months\"\n"
                              "[[timer.variant]]\nwhen_age = { attribute = \"date_of_birth\", under = 0 }\nlimit = \"6 months\"\n";
  const auto age = errors_of(variant);
  REQUIRE(age.size() == 1);
  CHECK(age[0].find("'under' is an age in whole years") != std::string::npos);
  const auto after = errors_of("kind = \"deadline\"\nstart = \"opened\"\nstop = \"finished\"\nlimit = \"3 days\"\n"
                               "[[timer.variant]]\ncycle_starts_after = \"12 months\"\nlimit = \"4 days\"\n");
  REQUIRE(after.size() == 1);
  CHECK(after[0].find("'cycle_starts_after' is for a recurring timer") != std::string::npos);
}
