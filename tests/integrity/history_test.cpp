// The history table: one row per step, written with the step (or after its rollback), saying
// who ran what, from which source and plugin; and the database refuses to rewrite it.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "digest/sha256.hpp"
#include "digest/source_checksum.hpp"
#include "integrity/runner.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
namespace exit_code = cli::exit_code;

class history_table : public testing::integrity_fixture {};

std::string source(const std::string& file) {
  return std::string(RETORT_INTEGRITY_PLUGIN_SOURCES) + "/" + file;
}

TEST_F(history_table, read_only_commands_never_create_it) {
  for (auto verb : {"current", "history", "heads", "log"}) {
    auto r = testing::run(args("v1", {verb}));
    EXPECT_EQ(r.status, exit_code::ok) << verb << ": " << r.output;
  }
  EXPECT_THAT(db_.tables(), IsEmpty());
}

TEST_F(history_table, each_applied_step_has_a_row_saying_who_ran_which_source_and_plugin) {
  auto r = testing::run(args("v1", {"upgrade", "head"}));
  ASSERT_EQ(r.status, exit_code::ok) << r.output;

  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome"),
              ElementsAre("dddd00000001 upgrade applied", "dddd00000002 upgrade applied"));
  // The checksum the build recorded is the one any reader computes from the file.
  EXPECT_THAT(history("source_checksum"),
              ElementsAre(digest::source_checksum_of_file(source("things_base.cpp")),
                          digest::source_checksum_of_file(source("things_weight.cpp"))));
  const auto plugin = digest::sha256_file_hex(bundle("v1") + "/ig_v1.so");
  EXPECT_THAT(history("plugin_sha256"), ElementsAre(plugin, plugin));
  EXPECT_THAT(history("source_file"),
              ElementsAre(HasSubstr("things_base.cpp"), HasSubstr("things_weight.cpp")));
  EXPECT_THAT(history("(db_user = current_user)::text"), ElementsAre("true", "true"));
  EXPECT_THAT(history("application_name"), ElementsAre("retort", "retort"));
  EXPECT_THAT(history("(os_user <> '' AND host <> '')::text"), ElementsAre("true", "true"));
  EXPECT_THAT(history("(started_at <= now() AND duration_ms >= 0)::text"),
              ElementsAre("true", "true"));

  auto log = testing::run(args("v1", {"log", "-v"}));
  EXPECT_EQ(log.status, exit_code::ok) << log.output;
  EXPECT_THAT(log.output, HasSubstr("dddd00000002 upgrade applied"));
  EXPECT_THAT(log.output, HasSubstr("plugin sha256: " + plugin));
}

TEST_F(history_table, a_downgrade_and_a_stamp_are_recorded_too) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "head"})).status, exit_code::ok);
  ASSERT_EQ(testing::run(args("v1", {"downgrade", "-1"})).status, exit_code::ok);
  ASSERT_EQ(testing::run(args("v1", {"stamp", "head"})).status, exit_code::ok);

  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome"),
              ElementsAre("dddd00000001 upgrade applied", "dddd00000002 upgrade applied",
                          "dddd00000002 downgrade applied", "dddd00000001 stamp unstamped",
                          "dddd00000002 stamp stamped"));
}

TEST_F(history_table, a_failed_step_has_a_failed_row_written_after_its_rollback) {
  ASSERT_EQ(testing::run(args("bad_downgrade", {"upgrade", "head"})).status, exit_code::ok);

  // A downgrade() whose SQL fails.
  auto r = testing::run(args("bad_downgrade", {"downgrade", "-1"}));
  EXPECT_EQ(r.status, exit_code::failure) << r.output;
  EXPECT_THAT(r.output, HasSubstr("downgrade of revision dddd00000005"));
  EXPECT_THAT(r.output, HasSubstr("SQLSTATE: 42703"));
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000005"));
  // Rolled back whole: the first statement's drop did not survive.
  EXPECT_THAT(db_.columns("things"),
              ElementsAre("id integer YES", "name text YES", "price integer YES"));
  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome"),
              ElementsAre("dddd00000001 upgrade applied", "dddd00000005 upgrade applied",
                          "dddd00000005 downgrade failed"));
  EXPECT_THAT(history("coalesce(detail, '')").back(), HasSubstr("no_such_column"));
}

TEST_F(history_table, a_downgrade_throwing_a_non_standard_exception_is_refused_and_recorded) {
  ASSERT_EQ(testing::run(args("throws_downgrade", {"upgrade", "head"})).status, exit_code::ok);

  auto r = testing::run(args("throws_downgrade", {"downgrade", "base"}));
  EXPECT_EQ(r.status, exit_code::failure) << r.output;
  EXPECT_THAT(r.output, HasSubstr("dddd00000006"));
  EXPECT_THAT(r.output, HasSubstr("int"));
  // Refused before anything ran: not even the first step of the two.
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000006"));
  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome").back(),
              "dddd00000006 downgrade failed");
}

TEST_F(history_table, the_database_refuses_to_update_delete_or_truncate_it) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "head"})).status, exit_code::ok);

  for (const std::string statement :
       {"UPDATE alembic_version_history SET outcome = 'failed'",
        "DELETE FROM alembic_version_history", "TRUNCATE alembic_version_history"}) {
    try {
      db_.session().exec(statement);
      ADD_FAILURE() << statement << " was allowed";
    } catch (const database_error& e) {
      EXPECT_EQ(e.sqlstate(), "42501") << statement << ": " << e.what();
      EXPECT_THAT(e.what(), HasSubstr("append-only")) << statement;
    }
  }
  EXPECT_THAT(history("outcome"), ElementsAre("applied", "applied"));
}

TEST_F(history_table, the_alembic_version_table_keeps_alembics_layout) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "head"})).status, exit_code::ok);
  EXPECT_THAT(db_.columns("alembic_version"), ElementsAre("version_num character varying NO"));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "things"));
}

TEST_F(history_table, a_version_table_with_a_long_name_gets_audit_tables_postgresql_accepts) {
  const std::string table(59, 'v');  // the longest: Alembic's key is <table>_pkc
  auto r = testing::run(args("v1", {"--version-table", table, "upgrade", "head"}));
  ASSERT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_EQ(testing::run(args("v1", {"--version-table", table, "current"})).status, exit_code::ok);

  // Cut to 63 bytes with a hash of the full name, so they stay apart from other tables' tables.
  const auto tables = db_.tables();
  ASSERT_EQ(tables.size(), 4U);
  EXPECT_THAT(tables[2], ::testing::MatchesRegex("v{46}_[0-9a-f]{8}_history"));
  EXPECT_THAT(tables[1], ::testing::MatchesRegex("v{42}_[0-9a-f]{8}_in_progress"));
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM \"" + tables[2] + "\""), "2");
}

}  // namespace
}  // namespace retort
