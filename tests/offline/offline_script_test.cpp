// Golden tests of offline SQL: the scripts of a purpose-built bundle, compared exactly. No
// database: the migrator is given no URL at all.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "executor/executor.hpp"
#include "loader/plugin_loader.hpp"
#include "migrator/migrator.hpp"
#include "offline/offline_script.hpp"
#include "plan/migration_plan.hpp"
#include "render/postgres_dialect.hpp"
#include "render/sql_literal.hpp"
#include "support/error_of.hpp"

namespace retort {
namespace {

using ::testing::AllOf;
using testing::error_of;
using ::testing::HasSubstr;

migrator offline_migrator(const std::string& bundle, store::version_table_location table = {}) {
  return migrator({.url = "",
                   .plugin_directory = std::string(RETORT_OFFLINE_BUNDLES) + "/" + bundle,
                   .version_table = std::move(table)});
}

const std::string create_version_table =
    "CREATE TABLE IF NOT EXISTS \"alembic_version\" (\n"
    "    version_num varchar(255) NOT NULL,\n"
    "    CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (version_num)\n"
    ");\n\n";

const std::string upgrade_a1 =
    "-- Running upgrade  -> a1000000000a, create gadgets\n\n"
    "BEGIN;\n\n"
    "CREATE TABLE \"gadgets\" (\n"
    "    \"id\" integer,\n"
    "    \"name\" text,\n"
    "    \"price\" double precision,\n"
    "    \"in_stock\" boolean\n"
    ");\n\n"
    "INSERT INTO \"gadgets\" (\"id\", \"name\", \"price\", \"in_stock\") VALUES "
    "('1', 'it''s', '9.5', 'true'), "
    "('2', E'back\\\\slash \\\\'' E''x''', '-0.25', 'false'), "
    "('3', '', NULL, NULL), "
    "('4', NULL, '1e+300', 'true'), "
    "('5', 'Zoë; DROP TABLE gadgets; --', '0', 'false'), "
    "('6', '$1 \"quoted\" $$dollar$$ /* not a comment', '3', 'true'), "
    "('7', E'two\nlines\\\\n', '4', 'true');\n\n"
    "INSERT INTO \"alembic_version\" (version_num) VALUES ('a1000000000a');\n\n"
    "COMMIT;\n\n";

std::string update_version(const std::string& from, const std::string& to) {
  return "UPDATE \"alembic_version\" SET version_num = '" + to + "' WHERE version_num = '" + from +
         "';\n\n";
}

std::string insert_version(const std::string& to) {
  return "INSERT INTO \"alembic_version\" (version_num) VALUES ('" + to + "');\n\n";
}

// Non-transactional: the statement stands outside any transaction block, and only the
// version-table change gets one, exactly as online.
std::string upgrade_b2(const std::string& version_change) {
  return "-- Running upgrade a1000000000a -> b2000000000b, index gadget names\n\n"
         "CREATE INDEX CONCURRENTLY \"ix_gadgets_name\" ON \"gadgets\" (\"name\");\n\n"
         "BEGIN;\n\n" +
         version_change + "COMMIT;\n\n";
}

// The message's newline cannot end the comment; a trailing `--` comment cannot swallow the `;`.
const std::string c3_comment =
    "-- Running upgrade a1000000000a -> c3000000000c, add widgets\\nDROP TABLE gadgets;\n\n";
const std::string c3_statements =
    "CREATE TABLE \"widgets\" (\n"
    "    \"id\" integer\n"
    ");\n\n"
    "INSERT INTO widgets VALUES (1) -- a trailing comment\n;\n\n";

std::string upgrade_c3(const std::string& version_change) {
  return c3_comment + "BEGIN;\n\n" + c3_statements + version_change + "COMMIT;\n\n";
}

// A merge: two version rows become one.
const std::string upgrade_d4 =
    "-- Running upgrade b2000000000b, c3000000000c -> d4000000000d, merge gadgets and widgets\n\n"
    "BEGIN;\n\n"
    "COMMENT ON TABLE \"gadgets\" IS 'merged: it''s done';\n\n"
    "DELETE FROM \"alembic_version\" WHERE version_num = 'b2000000000b';\n\n"
    "UPDATE \"alembic_version\" SET version_num = 'd4000000000d' WHERE version_num = "
    "'c3000000000c';\n\n"
    "COMMIT;\n\n";

TEST(offline_upgrade, from_base_creates_the_version_table_then_runs_each_migration) {
  auto m = offline_migrator("gadgets");
  // A linear step updates its parent's row, a new branch inserts one, a merge deletes one.
  EXPECT_EQ(m.upgrade_sql("head"), create_version_table + upgrade_a1 +
                                       upgrade_c3(update_version("a1000000000a", "c3000000000c")) +
                                       upgrade_b2(insert_version("b2000000000b")) + upgrade_d4);
  // `base:` is the same start, said explicitly.
  EXPECT_EQ(m.upgrade_sql("base:head"), m.upgrade_sql("heads"));
}

TEST(offline_upgrade, a_start_skips_the_version_table_and_what_is_applied) {
  auto m = offline_migrator("gadgets");
  EXPECT_EQ(m.upgrade_sql("a1000000000a:b2000000000b"),
            upgrade_b2(update_version("a1000000000a", "b2000000000b")));
  EXPECT_EQ(m.upgrade_sql("b200:head"), upgrade_c3(insert_version("c3000000000c")) + upgrade_d4);
}

TEST(offline_upgrade, the_version_table_location_is_honoured) {
  auto m = offline_migrator("gadgets", {.table = "versions", .schema = "ops"});
  auto script = m.upgrade_sql("a1000000000a");
  EXPECT_THAT(script, AllOf(HasSubstr("CREATE SCHEMA IF NOT EXISTS \"ops\";\n\n"
                                      "CREATE TABLE IF NOT EXISTS \"ops\".\"versions\" (\n"),
                            HasSubstr("INSERT INTO \"ops\".\"versions\" (version_num) VALUES "
                                      "('a1000000000a');\n\n")));
}

TEST(offline_downgrade, a_range_runs_children_first_and_keeps_the_version_table) {
  auto m = offline_migrator("gadgets");
  EXPECT_EQ(
      m.downgrade_sql("head:base"),
      "-- Running downgrade d4000000000d -> b2000000000b, c3000000000c, merge gadgets and "
      "widgets\n\n"
      "BEGIN;\n\n"
      "COMMENT ON TABLE \"gadgets\" IS NULL;\n\n"
      // Alembic's unmerge: insert every parent but the last, update the row to the last.
      "INSERT INTO \"alembic_version\" (version_num) VALUES ('b2000000000b');\n\n"
      "UPDATE \"alembic_version\" SET version_num = 'c3000000000c' WHERE version_num = "
      "'d4000000000d';\n\n"
      "COMMIT;\n\n"
      "-- Running downgrade b2000000000b -> a1000000000a, index gadget names\n\n"
      "DROP INDEX CONCURRENTLY \"ix_gadgets_name\";\n\n"
      "BEGIN;\n\n"
      "DELETE FROM \"alembic_version\" WHERE version_num = 'b2000000000b';\n\n"
      "COMMIT;\n\n"
      "-- Running downgrade c3000000000c -> a1000000000a, add widgets\\nDROP TABLE gadgets;\n\n"
      "BEGIN;\n\n"
      "DROP TABLE \"widgets\";\n\n"
      "UPDATE \"alembic_version\" SET version_num = 'a1000000000a' WHERE version_num = "
      "'c3000000000c';\n\n"
      "COMMIT;\n\n"
      "-- Running downgrade a1000000000a -> , create gadgets\n\n"
      "BEGIN;\n\n"
      "DROP TABLE \"gadgets\";\n\n"
      "DELETE FROM \"alembic_version\" WHERE version_num = 'a1000000000a';\n\n"
      "COMMIT;\n\n");
}

TEST(offline_downgrade, needs_the_start_as_in_alembic) {
  auto m = offline_migrator("gadgets");
  EXPECT_EQ(error_of<config_error>([&] { (void)m.downgrade_sql("base"); }),
            "downgrade with --sql needs the revision to start from: write START:base (for "
            "example head:base)");
}

TEST(offline_stamp, from_base_creates_the_table_and_inserts_the_rows) {
  auto m = offline_migrator("gadgets");
  EXPECT_EQ(m.stamp_sql({"b2000000000b", "c3000000000c"}, false),
            create_version_table +
                "BEGIN;\n\n"
                "-- Running stamp_revision  -> b2000000000b\n\n"
                "INSERT INTO \"alembic_version\" (version_num) VALUES ('b2000000000b');\n\n"
                "-- Running stamp_revision  -> c3000000000c\n\n"
                "INSERT INTO \"alembic_version\" (version_num) VALUES ('c3000000000c');\n\n"
                "COMMIT;\n\n");
}

TEST(offline_stamp, a_start_moves_its_rows) {
  auto m = offline_migrator("gadgets");
  EXPECT_EQ(m.stamp_sql({"heads:a1000000000a"}, false),
            "BEGIN;\n\n"
            "-- Running stamp_revision d4000000000d -> a1000000000a\n\n"
            "UPDATE \"alembic_version\" SET version_num = 'a1000000000a' WHERE version_num = "
            "'d4000000000d';\n\n"
            "COMMIT;\n\n");
  EXPECT_EQ(m.stamp_sql({"a100:b200", "a100:c300"}, false),
            "BEGIN;\n\n"
            "-- Running stamp_revision a1000000000a -> b2000000000b\n\n"
            "UPDATE \"alembic_version\" SET version_num = 'b2000000000b' WHERE version_num = "
            "'a1000000000a';\n\n"
            "-- Running stamp_revision  -> c3000000000c\n\n"
            "INSERT INTO \"alembic_version\" (version_num) VALUES ('c3000000000c');\n\n"
            "COMMIT;\n\n");
}

TEST(offline_stamp, refuses_purge_and_several_starts) {
  auto m = offline_migrator("gadgets");
  EXPECT_THAT(error_of<config_error>([&] { (void)m.stamp_sql({"head"}, true); }),
              HasSubstr("--purge cannot be used with --sql"));
  EXPECT_THAT(error_of<config_error>([&] {
                (void)m.stamp_sql({"a100:b200", "b200:c300"}, false);
              }),
              HasSubstr("one start for all targets, but a100 and b200 were given"));
}

TEST(offline_single_transaction, one_transaction_holds_the_whole_script) {
  auto m = offline_migrator("gadgets");
  auto a1_statements =
      upgrade_a1.substr(upgrade_a1.find("CREATE TABLE"),
                        upgrade_a1.find("COMMIT;") - upgrade_a1.find("CREATE TABLE"));
  EXPECT_EQ(m.upgrade_sql("c300", true),
            "BEGIN;\n\n" + create_version_table +
                "-- Running upgrade  -> a1000000000a, create gadgets\n\n" + a1_statements +
                c3_comment + c3_statements + update_version("a1000000000a", "c3000000000c") +
                "COMMIT;\n\n");
  EXPECT_EQ(m.stamp_sql({"a100:b200"}, false, true),
            "BEGIN;\n\n"
            "-- Running stamp_revision a1000000000a -> b2000000000b\n\n" +
                update_version("a1000000000a", "b2000000000b") + "COMMIT;\n\n");
}

TEST(offline_single_transaction, refuses_a_non_transactional_migration) {
  auto m = offline_migrator("gadgets");
  offline::unsupported refused("", "", "");
  try {
    (void)m.upgrade_sql("head", true);
    FAIL() << "expected a refusal";
  } catch (const offline::unsupported& e) {
    refused = e;
  }
  EXPECT_EQ(refused.revision(), "b2000000000b");
  EXPECT_THAT(refused.file(), HasSubstr("b2000000000b.cpp"));
  EXPECT_THAT(refused.what(),
              AllOf(HasSubstr("upgrade of revision b2000000000b ("),
                    HasSubstr("b2000000000b.cpp) cannot be written as an offline SQL script: "
                              "it is declared `.transactional = false`")));
}

// PostgreSQL would reject the statement, but psql would run `\!` as a shell command.
TEST(offline_refusal, names_the_revision_its_file_and_the_statement) {
  auto m = offline_migrator("meta_command");
  auto message = error_of<offline::unsupported>([&] { (void)m.upgrade_sql("heads"); });
  EXPECT_THAT(message, AllOf(HasSubstr("upgrade of revision e5000000000e ("),
                             HasSubstr("e5000000000e.cpp) cannot be written as an offline SQL "
                                       "script: statement 1 of its upgrade(): `SELECT 1 \\! touch"),
                             HasSubstr("psql would run it as a meta-command; run it online")));
  // The migrations before it are fine on their own.
  EXPECT_THAT(m.upgrade_sql("a1000000000a"), HasSubstr("create gadgets"));
}

// As online, where every step is prepared before one runs: a migration whose code refuses is
// reported, not the earlier step a script cannot carry.
TEST(offline_refusal, a_migrations_own_refusal_comes_before_a_step_a_script_cannot_carry) {
  auto m = offline_migrator("code_refusal");
  auto message = error_of<migration_failed>([&] { (void)m.upgrade_sql("heads"); });
  EXPECT_THAT(message, AllOf(HasSubstr("upgrade of revision f6000000000f ("),
                             HasSubstr("was refused before it ran: upgrade() threw"),
                             HasSubstr("the catalogue is not ready")));
  EXPECT_THAT(error_of<offline::unsupported>([&] { (void)m.upgrade_sql("e5000000000e"); }),
              HasSubstr("upgrade of revision e5000000000e ("));
}

TEST(offline_targets, bad_ranges_and_unknown_revisions_are_refused) {
  auto m = offline_migrator("gadgets");
  for (std::string range : {":head", "a1:", "a1:b2:c3", ":"}) {
    EXPECT_THAT(error_of<config_error>([&] { (void)m.upgrade_sql(range); }),
                HasSubstr("is not a range: write START:END"))
        << range;
  }
  EXPECT_THAT(error_of<target_error>([&] { (void)m.upgrade_sql("ffff:head"); }), HasSubstr("ffff"));
  EXPECT_THAT(error_of<target_error>([&] { (void)m.upgrade_sql("a100:ffff"); }), HasSubstr("ffff"));
  EXPECT_THAT(error_of<target_error>([&] { (void)m.downgrade_sql("ffff:base"); }),
              HasSubstr("ffff"));
}

// The text-level half of "cannot drift" (the other half applies scripts with psql): every
// statement the online executor would send for the example bundle is in the script, as sent.
TEST(offline_no_drift, every_online_statement_is_in_the_script_verbatim) {
  auto migrations = load_plugin_directory(RETORT_EXAMPLE_PLUGINS);
  std::vector<revision_info> infos;
  std::map<std::string, const loaded_migration*> by_id;
  for (const auto& m : migrations) {
    infos.push_back(m.info());
    by_id.emplace(m.info().revision, &m);
  }
  revision_graph graph(infos);
  render::postgres_dialect dialect;
  auto up = executor::prepare(plan::plan_upgrade_to(graph, {}, "head"), by_id, dialect);
  auto script = offline::upgrade_script(graph, by_id, "head", {});
  std::size_t from = 0;
  for (const auto& step : up) {
    for (const auto& statement : step.statements) {
      auto text =
          (statement.params.empty() ? statement.sql : render::inline_parameters(statement)) +
          ";\n\n";
      auto at = script.find(text, from);
      ASSERT_NE(at, std::string::npos) << statement.sql;
      from = at + text.size();  // and in the online order
    }
  }
  EXPECT_GT(from, script.size() / 2);
}

}  // namespace
}  // namespace retort
