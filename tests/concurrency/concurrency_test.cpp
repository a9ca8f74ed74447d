// Several runs against one database: the migration lock makes them take turns, and commands
// that only read never take it.
#include <retort/embed.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "concurrency/support.hpp"
#include "integration/database.hpp"
#include "pg/session.hpp"
#include "store/advisory_lock.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using testing::example_args;
using testing::has_table;
using ::testing::HasSubstr;
using testing::run_cli;
using testing::shell_quote;
namespace exit_code = cli::exit_code;

const std::vector<std::string> example_revisions = {"1f3e5a7c9b01", "2b4d6f8a0c12", "3c5e7a9b1d23",
                                                    "4d6f8b0c2e34", "5e7a9c1d3f45", "6f8b0d2e4a56",
                                                    "7a9c1e3f5b67", "8b0d2f4a6c78"};

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// N processes started at once: one applies every migration, each exactly once; the others wait
// for the lock, then find nothing to do.
void upgrade_at_once(int processes) {
  auto url = testing::fresh_database_url();
  std::vector<std::unique_ptr<testing::cli_process>> runs;
  for (int i = 0; i < processes; ++i) {
    runs.push_back(std::make_unique<testing::cli_process>(example_args(url) + " upgrade head"));
  }
  std::string all_output;
  int idle = 0;
  for (auto& run : runs) {
    EXPECT_EQ(run->finish(), exit_code::ok) << run->output();
    all_output += run->output();
    if (run->output().find("Running upgrade") == std::string::npos) {
      ++idle;
      EXPECT_THAT(run->output(), HasSubstr("Nothing to upgrade: the database is at 8b0d2f4a6c78"));
    }
  }
  EXPECT_EQ(idle, processes - 1) << all_output;
  EXPECT_EQ(occurrences(all_output, "Running upgrade"), example_revisions.size()) << all_output;
  for (const auto& revision : example_revisions) {
    EXPECT_EQ(occurrences(all_output, "-> " + revision + ","), 1U) << revision << all_output;
  }
  testing::database db(url);
  EXPECT_THAT(db.versions(), ElementsAre("8b0d2f4a6c78"));
  // Seeded by the first migration and backfilled by a later one: a second run of either would
  // have failed or changed these.
  EXPECT_EQ(db.scalar("SELECT count(*) FROM products"), "4");
  EXPECT_EQ(db.scalar("SELECT count(*) FROM products WHERE alcohol IS NULL"), "0");
}

TEST(migration_lock, two_upgrades_started_at_once_apply_each_migration_once) {
  upgrade_at_once(2);
}

TEST(migration_lock, ten_upgrades_started_at_once_apply_each_migration_once) {
  upgrade_at_once(10);
}

TEST(migration_lock, a_held_lock_times_out_with_exit_code_5_naming_the_holder) {
  auto url = testing::fresh_database_url();
  testing::lock_holder holder(url);
  auto run = run_cli(example_args(url) + " --lock-timeout 1 upgrade head");
  EXPECT_EQ(run.status, exit_code::lock_timeout) << run.output;
  EXPECT_THAT(run.output, HasSubstr("error: gave up after 1 s waiting for the migration lock"));
  EXPECT_THAT(run.output, HasSubstr("pid " + std::to_string(holder.pid())));
  EXPECT_THAT(run.output, HasSubstr("application \"retort-test\""));
  EXPECT_THAT(run.output, HasSubstr("connected since"));
  EXPECT_THAT(run.output, HasSubstr("Waiting up to 1 s for the migration lock"));

  // Zero does not wait at all; downgrade and stamp take the lock too. Nothing was touched.
  for (const auto* verb : {"upgrade head", "downgrade base", "stamp head"}) {
    auto at_once = run_cli(example_args(url) + " --lock-timeout 0 " + verb);
    EXPECT_EQ(at_once.status, exit_code::lock_timeout) << verb << ": " << at_once.output;
  }
  testing::database db(url);
  EXPECT_FALSE(has_table(db, "alembic_version"));
  EXPECT_FALSE(has_table(db, "products"));
}

TEST(migration_lock, a_lock_timeout_from_retort_toml_applies) {
  auto url = testing::fresh_database_url();
  testing::lock_holder holder(url);
  auto dir =
      std::filesystem::temp_directory_path() / ("retort-locktoml-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "retort.toml") << "lock_timeout = 0\nretries = 2\n";
  auto run =
      run_cli("-c " + (dir / "retort.toml").string() + " " + example_args(url) + " upgrade head");
  EXPECT_EQ(run.status, exit_code::lock_timeout) << run.output;
  std::ofstream(dir / "retort.toml") << "lock_timeout = \"soon\"\n";
  auto bad =
      run_cli("-c " + (dir / "retort.toml").string() + " " + example_args(url) + " upgrade head");
  EXPECT_EQ(bad.status, exit_code::usage) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("retort.toml:1: `lock_timeout` must be a number of seconds"));
  std::filesystem::remove_all(dir);
}

TEST(migration_lock, read_only_commands_never_create_the_version_table) {
  auto url = testing::fresh_database_url();
  auto current = run_cli(example_args(url) + " current");
  EXPECT_EQ(current.status, exit_code::ok) << current.output;
  EXPECT_EQ(current.output, "");
  EXPECT_EQ(run_cli(example_args(url) + " history -i").status, exit_code::ok);
  EXPECT_EQ(run_cli(example_args(url) + " show current").status, exit_code::ok);
  testing::database db(url);
  EXPECT_FALSE(has_table(db, "alembic_version"));
}

TEST(migration_lock, read_only_commands_answer_while_another_session_holds_the_lock) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(run_cli(example_args(url) + " upgrade 4d6f8b0c2e34").status, exit_code::ok);
  testing::lock_holder holder(url);
  // --lock-timeout 0: a command that tried to take the lock would fail at once instead.
  auto args = example_args(url) + " --lock-timeout 0 ";
  auto current = run_cli(args + "current");
  EXPECT_EQ(current.status, exit_code::ok) << current.output;
  EXPECT_EQ(current.output, "4d6f8b0c2e34\n");
  auto history = run_cli(args + "history -i");
  EXPECT_EQ(history.status, exit_code::ok) << history.output;
  EXPECT_THAT(history.output, HasSubstr("4d6f8b0c2e34 (current)"));
  EXPECT_EQ(run_cli(args + "show current").status, exit_code::ok);
  EXPECT_EQ(run_cli(args + "heads").status, exit_code::ok);
  EXPECT_EQ(run_cli(args + "branches").status, exit_code::ok);
  EXPECT_EQ(run_cli(args + "current --check-heads").status, exit_code::not_at_head);
}

TEST(migration_lock, version_tables_in_separate_schemas_do_not_wait_for_each_other) {
  auto url = testing::fresh_database_url();
  {
    testing::database db(url);
    db.session().exec("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
  }
  // Unconfigured, the key takes current_schema(), here set by the search path of each URL.
  auto in_schema = [&](const std::string& schema) {
    return "--url " + shell_quote(url + "&options=-csearch_path%3D" + schema) + " --plugins " +
           RETORT_EXAMPLE_PLUGINS + " --lock-timeout 0 upgrade head";
  };
  testing::lock_holder holder(url, "tenant_a");
  auto b = run_cli(in_schema("tenant_b"));
  EXPECT_EQ(b.status, exit_code::ok) << b.output;
  auto a = run_cli(in_schema("tenant_a"));
  EXPECT_EQ(a.status, exit_code::lock_timeout) << a.output;
  EXPECT_THAT(a.output, HasSubstr("version table \"tenant_a\".\"alembic_version\""));

  testing::database db(url);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM tenant_b.alembic_version"), "1");
  EXPECT_EQ(db.scalar("SELECT to_regclass('tenant_a.alembic_version') IS NULL"), "t");
}

TEST(migration_lock, the_key_names_database_schema_and_table) {
  auto url = testing::fresh_database_url();
  testing::database db(url);
  auto key = [&](const std::string& schema, const std::string& table) {
    return store::lock_key(db.session(), {table, schema});
  };
  EXPECT_EQ(key("", "alembic_version"), key("public", "alembic_version"));
  EXPECT_NE(key("public", "alembic_version"), key("other", "alembic_version"));
  EXPECT_NE(key("public", "alembic_version"), key("public", "other_version"));
  // Quoting keeps the parts apart: "a.b"."c" is not "a"."b.c".
  EXPECT_NE(key("a.b", "c"), key("a", "b.c"));
  // The runtime uses the formula docs/cli.md gives operators.
  auto documented = std::regex_replace(
      std::regex_replace(testing::documented_lock_key, std::regex("\\$1"), "'public'"),
      std::regex("\\$2"), "'alembic_version'");
  EXPECT_EQ(key("", "alembic_version"), std::stoll(db.scalar("SELECT " + documented)));
}

TEST(migration_lock, the_embedding_api_reports_a_lock_timeout) {
  auto url = testing::fresh_database_url();
  testing::lock_holder holder(url);
  auto report = retort::upgrade({.url = url,
                                 .plugin_directory = RETORT_EXAMPLE_PLUGINS,
                                 .lock_timeout = std::chrono::milliseconds(0)});
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(report.failure->lock_timeout);
  EXPECT_THAT(report.failure->message, HasSubstr("application \"retort-test\""));
  EXPECT_TRUE(report.applied.empty());
}

}  // namespace
}  // namespace retort
