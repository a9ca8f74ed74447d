// Adoption as a user runs it: `revision --autogenerate --from-database` writes the baseline,
// the baseline (built by retort_add_migrations()) is applied by `retort upgrade` to an empty
// database, `downgrade base` takes it back, and `retort model` writes the model.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/adopt/schema_dump.hpp"
#include "generator/cli_support.hpp"
#include "pg/session.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The version tables live in their own schema here, so pg_dump can leave them out.
constexpr const char* meta = "--version-table-schema retort_meta";

std::string body_of(const std::string& migration) {
  return migration.substr(migration.find("retort::operations upgrade()"));
}

class adopt_cli : public ::testing::Test {
 protected:
  std::filesystem::path project = testing::fresh_directory();
  std::string a = testing::fresh_database_url();
  std::string b = testing::fresh_database_url();

  void SetUp() override {
    std::filesystem::create_directories(project / "migrations" / "versions");
    testing::write_file(project / "retort.toml", "versions = \"migrations/versions\"\n");
    pg::session::connect(a)->exec(
        testing::read_text(std::string(RETORT_ADOPT_DIR) + "/rich_schema.sql"));
  }

  testing::run_result retort(const std::string& args) { return testing::retort_cli(args, project); }
};

TEST_F(adopt_cli, a_baseline_from_a_database_lists_what_it_carries_as_sql) {
  auto run = retort("revision --autogenerate --from-database " + testing::shell_quote(a) +
                    " -m baseline --rev-id b00000000001");
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("sql: create view sales.order_totals\n"));
  EXPECT_THAT(run.output, HasSubstr("sql: create trigger products.products_touch\n"));
  EXPECT_THAT(run.output, HasSubstr("sql: create domain sales.email\n"));
  EXPECT_THAT(run.output, Not(HasSubstr("note:")));
  // The same operations as the golden baseline, which is compiled and applied elsewhere.
  EXPECT_EQ(body_of(testing::read_file(testing::generated_by(run).file)),
            body_of(testing::read_text(std::string(RETORT_ADOPT_DIR) + "/golden_baseline.cpp")));
}

// Database against database in a project `retort init` just made: no migration is built yet,
// and none is needed; the global options may follow the verb.
TEST_F(adopt_cli, database_against_database_works_in_a_fresh_project_without_plugins) {
  auto fresh = testing::fresh_directory();
  ASSERT_EQ(testing::retort_cli("init", fresh).status, 0);
  auto run =
      testing::retort_cli("revision --autogenerate --from-database " + testing::shell_quote(a) +
                              " -m adopt --url " + testing::shell_quote(b),
                          fresh);
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_THAT(testing::read_file(testing::generated_by(run).file), HasSubstr("op::create_table("));

  // Once it has a revision, the database must be checked against built migrations.
  auto again =
      testing::retort_cli("revision --autogenerate --from-database " + testing::shell_quote(a) +
                              " -m again --url " + testing::shell_quote(b),
                          fresh);
  EXPECT_NE(again.status, 0);
  EXPECT_THAT(again.output, HasSubstr("the migrations are not built"));
}

TEST_F(adopt_cli, upgrade_rebuilds_a_then_downgrade_base_leaves_only_the_version_tables) {
  auto empty_dump = testing::schema_dump(b);
  auto with_b =
      "--url " + testing::shell_quote(b) + " --plugins " + RETORT_ADOPT_PLUGINS + " " + meta + " ";
  auto up = retort(with_b + "upgrade head");
  ASSERT_EQ(up.status, 0) << up.output;
  // pg_dump of B without retort's schema is A's.
  auto dump_b = testing::run(
      "pg_dump --schema-only --no-owner --no-privileges "
      "--exclude-schema retort_meta -d " +
      testing::shell_quote(b));
  EXPECT_EQ(testing::normalised_dump(dump_b.output), testing::schema_dump(a));

  // Database against database finds nothing, retort's own tables aside.
  auto again = retort(with_b + "revision --autogenerate -m again --from-database " +
                      testing::shell_quote(a));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("No changes in schema detected."));

  auto down = retort(with_b + "downgrade base");
  ASSERT_EQ(down.status, 0) << down.output;
  auto rest = testing::run(
      "pg_dump --schema-only --no-owner --no-privileges "
      "--exclude-schema retort_meta -d " +
      testing::shell_quote(b));
  EXPECT_EQ(testing::normalised_dump(rest.output), empty_dump);
  auto tables = pg::session::connect(b)->exec(
      "SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class c JOIN pg_namespace n "
      "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'retort_meta'");
  EXPECT_EQ(tables.rows.at(0).at(0).value_or(""),
            "alembic_version alembic_version_history alembic_version_in_progress");
}

TEST_F(adopt_cli, model_writes_the_model_of_a_database) {
  auto out = project / "schema_model.cpp";
  auto run = retort("model --from-database " + testing::shell_quote(a) +
                    " --function adopted_model -o " + testing::shell_quote(out.string()));
  ASSERT_EQ(run.status, 0) << run.output;
  auto text = testing::read_file(out);
  EXPECT_THAT(text, HasSubstr("RETORT_MODEL(adopted_model);"));
  EXPECT_THAT(text, HasSubstr("s.table(\"orders\", {.schema = \"sales\"})"));
  // More than ten raw objects: declared in groups, each in a lambda called in place.
  EXPECT_THAT(text, HasSubstr("  [&s] {\n    s.raw(\n"));
  EXPECT_THAT(text, HasSubstr("s.raw(\n        \"view\",\n        \"order_totals\""));
}

}  // namespace
}  // namespace retort
