// `timescales serve`'s arguments: a bad one is refused with exit status 2 and its name, before
// anything listens.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "tests/support/run_cli.hpp"

using namespace timescales::test;

TEST_CASE("serve refuses a bad --listen, a certificate without its key, a missing store", "[web]") {
  const auto dir = std::filesystem::temp_directory_path() / ("timescales-serve-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "cases.db").string();
  REQUIRE(run_cli("init --db " + db).status == 0);

  auto no_port = run_cli("serve --db " + db + " --listen 127.0.0.1");
  CHECK(no_port.status == 2);
  CHECK(no_port.out.find("--listen") != std::string::npos);
  auto big_port = run_cli("serve --db " + db + " --listen 127.0.0.1:70000");
  CHECK(big_port.status == 2);
  CHECK(big_port.out.find("--listen") != std::string::npos);
  auto half_tls = run_cli("serve --db " + db + " --tls-cert " + (dir / "cert.pem").string());
  CHECK(half_tls.status == 2);
  CHECK(half_tls.out.find("--tls-key") != std::string::npos);
  auto idle = run_cli("serve --db " + db + " --idle-timeout 0");
  CHECK(idle.status == 2);
  auto missing = run_cli("serve --db " + (dir / "no-such.db").string() + " --listen 127.0.0.1:0");
  CHECK(missing.status == 2);
  std::filesystem::remove_all(dir);
}
