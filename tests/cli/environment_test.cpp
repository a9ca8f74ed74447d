// Environments in retort.toml: each overrides the file's keys, and production is forward-only
// unless its policy says otherwise or the operator forces a downgrade.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "integration/database.hpp"
#include "support/postgres_server.hpp"
#include "support/run_command.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
namespace exit_code = cli::exit_code;

constexpr const char* example_head = "8b0d2f4a6c78";
constexpr const char* before_head = "7a9c1e3f5b67";

// A project directory with `config` as its retort.toml.
std::filesystem::path project(const std::string& config) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::path(RETORT_TEST_WORK) / info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "retort.toml") << config;
  return dir;
}

testing::run_result retort(const std::filesystem::path& dir, const std::string& args,
                           const std::string& env = "") {
  return testing::run("cd " + testing::shell_quote(dir.string()) +
                      " && env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_CONFIG "
                      "-u RETORT_ENV " +
                      env + " " + RETORT_CLI + " " + args);
}

std::string toml_string(const std::string& s) {
  return "'" + s + "'";
}

TEST(environments, production_refuses_a_downgrade_unless_forced) {
  auto prod = testing::fresh_database_url();
  auto dir = project("plugins = " + toml_string(RETORT_EXAMPLE_PLUGINS) +
                     "\n[environments.production]\nurl = " + toml_string(prod) + "\n");
  ASSERT_EQ(retort(dir, "--env production upgrade head").status, exit_code::ok);

  auto refused = retort(dir, "--env production downgrade -1");
  EXPECT_EQ(refused.status, exit_code::refused) << refused.output;
  EXPECT_THAT(refused.output,
              HasSubstr("downgrade refused: the environment production is forward-only"));
  EXPECT_EQ(testing::database(prod).versions(), std::vector<std::string>{example_head});

  auto forced = retort(dir, "--env production downgrade -1 --force-downgrade");
  EXPECT_EQ(forced.status, exit_code::ok) << forced.output;
  EXPECT_THAT(forced.output, HasSubstr("Downgrading production against its forward-only policy"));
  EXPECT_EQ(testing::database(prod).versions(), std::vector<std::string>{before_head});
  // On the record: the history row of the forced step says so.
  EXPECT_EQ(testing::database(prod).scalar(
                "SELECT revision || ': ' || detail FROM alembic_version_history "
                "WHERE direction = 'downgrade'"),
            std::string(example_head) +
                ": forced with --force-downgrade in production, whose policy is forward-only");
}

TEST(environments, production_refuses_a_stamp_that_moves_down_or_purges_unless_forced) {
  auto prod = testing::fresh_database_url();
  auto dir = project("plugins = " + toml_string(RETORT_EXAMPLE_PLUGINS) +
                     "\n[environments.production]\nurl = " + toml_string(prod) + "\n");
  ASSERT_EQ(retort(dir, "--env production upgrade head").status, exit_code::ok);

  for (const char* down : {"stamp base", "stamp --purge head", "stamp 7a9c"}) {
    auto refused = retort(dir, std::string("--env production ") + down);
    EXPECT_EQ(refused.status, exit_code::refused) << down << ": " << refused.output;
    EXPECT_THAT(refused.output,
                HasSubstr("stamp refused: the environment production is forward-only"))
        << down;
    EXPECT_EQ(testing::database(prod).versions(), std::vector<std::string>{example_head}) << down;
  }
  auto refused = retort(dir, "--env production stamp 7a9c");
  EXPECT_THAT(refused.output, HasSubstr("would mark 1 revision as not applied (" +
                                        std::string(example_head) + ")"));
  // Staying where it is, or stamping forward, moves nothing down.
  EXPECT_EQ(retort(dir, "--env production stamp head").status, exit_code::ok);

  auto forced = retort(dir, "--env production stamp 7a9c --force-downgrade");
  EXPECT_EQ(forced.status, exit_code::ok) << forced.output;
  EXPECT_THAT(forced.output, HasSubstr("Stamping production against its forward-only policy"));
  EXPECT_EQ(testing::database(prod).versions(), std::vector<std::string>{before_head});
  EXPECT_EQ(testing::database(prod).scalar(
                "SELECT string_agg(outcome || ' ' || detail, '; ' ORDER BY id) FROM "
                "alembic_version_history WHERE direction = 'stamp' AND detail IS NOT NULL"),
            "unstamped forced with --force-downgrade in production, whose policy is "
            "forward-only; stamped forced with --force-downgrade in production, whose policy "
            "is forward-only");
  // Forward from there is an ordinary stamp.
  EXPECT_EQ(retort(dir, "--env production stamp head").status, exit_code::ok);
  EXPECT_EQ(testing::database(prod).versions(), std::vector<std::string>{example_head});
}

TEST(environments, each_overrides_the_file_and_is_chosen_by_flag_variable_or_file) {
  auto staging = testing::fresh_database_url();
  auto other = testing::fresh_database_url();
  auto dir = project("environment = 'staging'\nurl = " + toml_string(other) +
                     "\nplugins = " + toml_string(RETORT_EXAMPLE_PLUGINS) +
                     "\n[environments.staging]\nurl = " + toml_string(staging) +
                     "\n[environments.production]\nurl = " + toml_string(other) + "\n");
  // The file's `environment` picks staging, whose url wins over the top-level one.
  ASSERT_EQ(retort(dir, "upgrade head").status, exit_code::ok);
  EXPECT_EQ(testing::database(staging).versions(), std::vector<std::string>{example_head});
  EXPECT_FALSE(
      testing::database(other).scalar("SELECT to_regclass('alembic_version') IS NOT NULL") == "t");
  // Staging is not forward-only.
  EXPECT_EQ(retort(dir, "downgrade -1").status, exit_code::ok);
  // RETORT_ENV beats the file, --env beats RETORT_ENV.
  EXPECT_EQ(retort(dir, "downgrade -1", "RETORT_ENV=production").status, exit_code::refused);
  EXPECT_EQ(retort(dir, "--env staging downgrade -1", "RETORT_ENV=production").status,
            exit_code::ok);
}

TEST(environments, forward_only_is_a_per_environment_setting) {
  auto url = testing::fresh_database_url();
  auto dir =
      project("plugins = " + toml_string(RETORT_EXAMPLE_PLUGINS) + "\nurl = " + toml_string(url) +
              "\n[environments.production]\nforward_only = false\n"
              "[environments.qa]\nforward_only = true\n");
  ASSERT_EQ(retort(dir, "upgrade head").status, exit_code::ok);
  EXPECT_EQ(retort(dir, "--env qa downgrade -1").status, exit_code::refused);
  EXPECT_EQ(retort(dir, "--env production downgrade -1").status, exit_code::ok);
  // Offline SQL touches no database: the policy does not apply.
  EXPECT_EQ(retort(dir, "--env qa downgrade --sql 8b0d2f4a6c78:7a9c1e3f5b67").status,
            exit_code::ok);
}

TEST(environments, an_unknown_environment_or_key_is_a_usage_error) {
  auto dir = project(
      "[environments.staging]\nurl = 'postgresql:///x'\n"
      "[environments.production]\nfoward_only = true\n");
  auto unknown = retort(dir, "--env prod current");
  EXPECT_EQ(unknown.status, exit_code::usage);
  EXPECT_THAT(unknown.output,
              HasSubstr("retort.toml: no [environments.prod]; defined: production, staging"));
  auto typo = retort(dir, "--env production current");
  EXPECT_EQ(typo.status, exit_code::usage);
  EXPECT_THAT(typo.output,
              HasSubstr("retort.toml:4: unknown key `foward_only` in [environments.production]"));
}

}  // namespace
}  // namespace retort
