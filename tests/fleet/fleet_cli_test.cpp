// `retort upgrade head --databases FILE`: twenty databases, one failing on purpose, a summary,
// and a re-run that picks up only what is left.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "integration/database.hpp"
#include "support/postgres_server.hpp"
#include "support/run_command.hpp"

namespace retort {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
namespace exit_code = cli::exit_code;

constexpr const char* example_head = "8b0d2f4a6c78";

struct fleet {
  std::vector<std::string> names;
  std::vector<std::string> urls;
  std::filesystem::path list;
};

fleet make_fleet(int size) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fleet out;
  out.list = std::filesystem::path(RETORT_TEST_WORK) / (std::string(info->name()) + ".txt");
  std::filesystem::create_directories(out.list.parent_path());
  std::ofstream list(out.list);
  list << "# one tenant a line\n";
  for (int i = 0; i < size; ++i) {
    out.names.push_back(fmt::format("tenant{:02}", i));
    out.urls.push_back(testing::fresh_database_url());
    list << out.names.back() << " " << out.urls.back() << "\n";
  }
  return out;
}

testing::run_result retort(const std::string& args) {
  return testing::run(std::string("env -u RETORT_URL -u DATABASE_URL -u RETORT_CONFIG ") +
                      RETORT_CLI + " --plugins " + RETORT_EXAMPLE_PLUGINS + " " + args);
}

bool has_version_table(const std::string& url) {
  return testing::database(url).scalar("SELECT to_regclass('alembic_version') IS NOT NULL") == "t";
}

TEST(fleet_cli, upgrades_every_database_reports_the_failure_and_a_rerun_finishes_the_rest) {
  auto f = make_fleet(20);
  // tenant07 already has the table the first migration creates: its upgrade fails there.
  testing::database(f.urls[7]).session().exec("CREATE TABLE products (id integer)");

  auto first = retort("upgrade head --jobs 4 --databases " + testing::shell_quote(f.list));
  EXPECT_EQ(first.status, exit_code::failure) << first.output;
  EXPECT_THAT(first.output, HasSubstr("[tenant03] Running upgrade  -> 1f3e5a7c9b01"));
  EXPECT_THAT(first.output, HasSubstr("20 databases: 19 upgraded, 0 already current, 1 failed"));
  EXPECT_THAT(first.output,
              ContainsRegex("tenant07 +FAILED +0 +[0-9]+ ms +upgrade of revision 1f3e5a7c9b01"));
  EXPECT_THAT(first.output, ContainsRegex("tenant12 +applied +8 +[0-9]+ ms +now at 8b0d2f4a6c78"));
  EXPECT_THAT(first.output, HasSubstr(fmt::format("tenant07 ({}:9) failed: ", f.list.string())));
  EXPECT_THAT(first.output, HasSubstr("already exists"));
  for (int i = 0; i < 20; ++i) {
    auto versions = testing::database(f.urls[i]).versions();
    if (i == 7) {
      EXPECT_TRUE(versions.empty()) << "the failed step was rolled back";
    } else {
      EXPECT_EQ(versions, std::vector<std::string>{example_head}) << f.names[i];
    }
  }

  testing::database(f.urls[7]).session().exec("DROP TABLE products");
  auto again = retort("upgrade head --databases " + testing::shell_quote(f.list));
  EXPECT_EQ(again.status, exit_code::ok) << again.output;
  EXPECT_THAT(again.output, HasSubstr("20 databases: 1 upgraded, 19 already current, 0 failed"));
  EXPECT_THAT(again.output, ContainsRegex("tenant07 +applied +8 "));
  EXPECT_THAT(again.output, ContainsRegex("tenant00 +current +0 +[0-9]+ ms +already current"));
  EXPECT_EQ(testing::database(f.urls[7]).versions(), std::vector<std::string>{example_head});
}

TEST(fleet_cli, a_bad_target_touches_no_database) {
  auto f = make_fleet(3);
  auto run = retort("upgrade no_such_revision --databases " + testing::shell_quote(f.list));
  EXPECT_EQ(run.status, exit_code::refused) << run.output;
  EXPECT_THAT(run.output, HasSubstr("no_such_revision"));
  for (const auto& url : f.urls) {
    EXPECT_FALSE(has_version_table(url));
  }
}

TEST(fleet_cli, a_malformed_list_is_a_usage_error_naming_the_line) {
  auto f = make_fleet(1);
  std::ofstream(f.list, std::ios::app) << "tenant00 postgresql:///elsewhere\n";
  auto run = retort("upgrade head --databases " + testing::shell_quote(f.list));
  EXPECT_EQ(run.status, exit_code::usage) << run.output;
  EXPECT_THAT(run.output, HasSubstr(f.list.string() + ":3: the database tenant00 is listed twice"));
  EXPECT_FALSE(has_version_table(f.urls[0]));
}

}  // namespace
}  // namespace retort
