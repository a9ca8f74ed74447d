// `create-all` (the model onto an empty database, stamped at head, at once) and `check` (do the
// migrations build the model?), through the CLI against real PostgreSQL servers.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "integration/database.hpp"
#include "introspect/introspect.hpp"
#include "support/postgres_server.hpp"
#include "support/run_command.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace exit_code = cli::exit_code;

constexpr const char* example_head = "8b0d2f4a6c78";

testing::run_result retort(const std::string& args) {
  return testing::run(
      "env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_MODEL -u RETORT_ENV " +
      std::string(RETORT_CLI) + " --config /dev/null " + args);
}

std::string with_plugins(const std::string& url) {
  return "--url " + testing::shell_quote(url) + " --plugins " +
         testing::shell_quote(RETORT_EXAMPLE_PLUGINS);
}

bool has_version_table(const std::string& url) {
  return testing::database(url).scalar("SELECT to_regclass('alembic_version') IS NOT NULL") == "t";
}

TEST(create_all, builds_the_schema_the_migrations_build_and_stamps_head) {
  auto created = testing::fresh_database_url();
  auto migrated = testing::fresh_database_url();
  auto run = retort(with_plugins(created) + " create-all --model " + RETORT_EXAMPLE_MODEL);
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr(std::string("stamped ") + example_head));
  ASSERT_EQ(retort(with_plugins(migrated) + " upgrade head").status, exit_code::ok);

  testing::database db(created);
  EXPECT_EQ(db.versions(), std::vector<std::string>{example_head});
  EXPECT_EQ(db.scalar("SELECT direction || ' ' || outcome || ': ' || detail FROM "
                      "alembic_version_history"),
            "stamp stamped: create-all built the schema from the model");
  EXPECT_EQ(introspect::read_schema(db.session()),
            introspect::read_schema(testing::database(migrated).session()));
  auto upgrade = retort(with_plugins(created) + " upgrade head");
  EXPECT_THAT(upgrade.output, HasSubstr("Nothing to upgrade"));
}

TEST(create_all, refuses_a_database_that_holds_anything_and_changes_nothing) {
  auto url = testing::fresh_database_url();
  testing::database(url).session().exec(
      "CREATE TYPE mood AS ENUM ('ok'); CREATE SCHEMA billing; CREATE TABLE billing.invoices (id "
      "int)");
  auto run = retort(with_plugins(url) + " create-all --model " + RETORT_EXAMPLE_MODEL);
  EXPECT_EQ(run.status, exit_code::refused) << run.output;
  EXPECT_THAT(run.output, HasSubstr("this one holds 3 objects: enum type public.mood, schema "
                                    "billing, table billing.invoices"));
  EXPECT_FALSE(has_version_table(url));
  EXPECT_EQ(testing::database(url).tables(), std::vector<std::string>{});
}

TEST(create_all, refuses_a_database_already_at_a_revision) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort(with_plugins(url) + " upgrade 1f3e5a7c9b01").status, exit_code::ok);
  auto run = retort(with_plugins(url) + " create-all --model " + RETORT_EXAMPLE_MODEL);
  EXPECT_EQ(run.status, exit_code::refused) << run.output;
  EXPECT_THAT(run.output, HasSubstr("already at 1f3e5a7c9b01"));
  EXPECT_EQ(testing::database(url).versions(), std::vector<std::string>{"1f3e5a7c9b01"});
}

TEST(create_all, a_model_postgresql_refuses_leaves_the_database_empty) {
  auto url = testing::fresh_database_url();
  auto run = retort(with_plugins(url) + " create-all --model " + RETORT_UNBUILDABLE_MODEL);
  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(run.output, HasSubstr("create-all failed at create_index ix_lines_order on lines "
                                    "and was rolled back"));
  EXPECT_THAT(run.output, HasSubstr("order_id"));
  // Only retort's audit tables, made before the transaction; nothing of the model, no version.
  EXPECT_EQ(testing::database(url).tables(),
            (std::vector<std::string>{"alembic_version_history", "alembic_version_in_progress"}));
  EXPECT_FALSE(has_version_table(url));
}

// A project directory for `revision`, fresh for each test.
std::filesystem::path project_directory() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::path(RETORT_TEST_WORK) / info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "versions");
  std::ofstream(dir / "retort.toml") << "versions = \"versions\"\n";
  return dir;
}

std::string written_migration(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir / "versions")) {
    std::ifstream in(entry.path());
    return {std::istreambuf_iterator<char>(in), {}};
  }
  return {};
}

TEST(autogenerate, takes_postgresql_rewrites_of_the_models_expressions_for_what_they_are) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort(with_plugins(url) + " create-all --model " + RETORT_EXAMPLE_MODEL).status,
            exit_code::ok);
  auto dir = project_directory();
  auto same = testing::run("cd " + testing::shell_quote(dir.string()) + " && " + RETORT_CLI + " " +
                           with_plugins(url) + " revision --autogenerate -m same --model " +
                           RETORT_EXAMPLE_MODEL);
  ASSERT_EQ(same.status, exit_code::ok) << same.output;
  // The model says `alcohol BETWEEN 0 AND 25`; PostgreSQL stores it rewritten.
  EXPECT_THAT(same.output, HasSubstr("No changes in schema detected."));

  // A real change is still one, written in the author's words.
  testing::database(url).session().exec(
      "ALTER TABLE products DROP CONSTRAINT ck_products_alcohol_range, ADD CONSTRAINT "
      "ck_products_alcohol_range CHECK (alcohol BETWEEN 0 AND 30)");
  dir = project_directory();
  auto changed = testing::run(
      "cd " + testing::shell_quote(dir.string()) + " && " + RETORT_CLI + " " + with_plugins(url) +
      " revision --autogenerate -m changed --model " + RETORT_EXAMPLE_MODEL);
  ASSERT_EQ(changed.status, exit_code::ok) << changed.output;
  auto text = written_migration(dir);
  EXPECT_THAT(text, HasSubstr("\"alcohol BETWEEN 0 AND 25\""));
  EXPECT_THAT(text, HasSubstr("(30)::numeric"));
  EXPECT_EQ(testing::database(url).scalar(
                "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'retort_spelling%'"),
            "0");
}

// A login role of its own for `url`'s database that may read everything there but create
// nothing (no CREATE on the database), as a reviewer's or a CI job's role often is. Returns the
// URL that connects as it.
std::string read_only_role_url(const std::string& url) {
  testing::database db(url);
  const auto role = db.scalar("SELECT current_database()") + "_reader";
  // Roles belong to the cluster, which a by-hand run may keep: one left from such a run is used.
  db.session().exec("DO $$ BEGIN CREATE ROLE " + role +
                    " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$; GRANT SELECT ON "
                    "ALL TABLES IN SCHEMA public TO " +
                    role);
  auto at = url.find("user=postgres");
  return url.substr(0, at) + "user=" + role + url.substr(at + std::string("user=postgres").size());
}

testing::run_result autogenerate_in(const std::filesystem::path& dir, const std::string& url,
                                    const std::string& more = "") {
  return testing::run("cd " + testing::shell_quote(dir.string()) + " && " + RETORT_CLI + " " +
                      with_plugins(url) + " revision --autogenerate -m check --model " +
                      RETORT_EXAMPLE_MODEL + more);
}

TEST(autogenerate, asks_the_server_nothing_when_every_expression_already_reads_the_same) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort(with_plugins(url) + " create-all --model " + RETORT_EXAMPLE_MODEL).status,
            exit_code::ok);
  // The role could not create a scratch schema; the producers table, whose expressions read as
  // the database's, needs none.
  auto run =
      autogenerate_in(project_directory(), read_only_role_url(url), " --include-table producers");
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("No changes in schema detected."));
  EXPECT_THAT(run.output, Not(HasSubstr("compared as text")));
}

TEST(autogenerate, compares_as_text_with_a_note_when_the_role_may_not_build_the_scratch_copy) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort(with_plugins(url) + " create-all --model " + RETORT_EXAMPLE_MODEL).status,
            exit_code::ok);
  auto dir = project_directory();
  auto run = autogenerate_in(dir, read_only_role_url(url));
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("the expressions of 1 table were compared as text, not "
                                    "judged by PostgreSQL: this role may not create the scratch "
                                    "schema"));
  // `alcohol BETWEEN 0 AND 25` against PostgreSQL's rewrite of it: a respelling, proposed.
  EXPECT_THAT(written_migration(dir), HasSubstr("\"alcohol BETWEEN 0 AND 25\""));
}

TEST(autogenerate, sees_no_change_where_the_model_says_what_postgresql_stores_in_other_words) {
  auto url = testing::fresh_database_url();
  auto run = retort("--url " + testing::shell_quote(url) + " --plugins " +
                    testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " create-all --model " +
                    RETORT_SPELLED_MODEL);
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  auto dir = project_directory();
  auto same = testing::run("cd " + testing::shell_quote(dir.string()) + " && " + RETORT_CLI +
                           " --url " + testing::shell_quote(url) + " --plugins " +
                           testing::shell_quote(RETORT_EXAMPLE_PLUGINS) +
                           " revision --autogenerate -m same --model " + RETORT_SPELLED_MODEL);
  ASSERT_EQ(same.status, exit_code::ok) << same.output;
  EXPECT_THAT(same.output, HasSubstr("No changes in schema detected.")) << written_migration(dir);
}

TEST(autogenerate, a_table_filter_applies_to_the_model_and_the_database_alike) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort("--url " + testing::shell_quote(url) + " --plugins " +
                   testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " create-all --model " +
                   RETORT_SPELLED_MODEL)
                .status,
            exit_code::ok);
  // The model names the default schema; the filter must leave out its table on both sides, or
  // the comparison would propose to drop the database's.
  for (const auto* filter : {"--exclude-table 'public.casks'", "--exclude-table casks"}) {
    auto dir = project_directory();
    auto run = testing::run(
        "cd " + testing::shell_quote(dir.string()) + " && " + RETORT_CLI + " --url " +
        testing::shell_quote(url) + " --plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) +
        " revision --autogenerate -m filtered --model " + RETORT_SPELLED_MODEL + " " + filter);
    ASSERT_EQ(run.status, exit_code::ok) << run.output;
    EXPECT_THAT(written_migration(dir), Not(HasSubstr("drop_table"))) << filter;
  }
}

TEST(autogenerate, leaves_views_and_functions_alone_when_the_model_declares_none) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort(with_plugins(url) + " create-all --model " + RETORT_EXAMPLE_MODEL).status,
            exit_code::ok);
  testing::database(url).session().exec(
      "CREATE VIEW cheap_wines AS SELECT sku FROM products WHERE price < 20; "
      "CREATE FUNCTION half(numeric) RETURNS numeric LANGUAGE sql AS 'SELECT $1 / 2'");
  auto dir = project_directory();
  auto run = testing::run("cd " + testing::shell_quote(dir.string()) + " && " + RETORT_CLI + " " +
                          with_plugins(url) + " revision --autogenerate -m same --model " +
                          RETORT_EXAMPLE_MODEL);
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("No changes in schema detected."));
  EXPECT_THAT(run.output, HasSubstr("note: 2 views, functions or other objects carried as SQL in "
                                    "the database are not in the model"));
  EXPECT_THAT(written_migration(dir), Not(HasSubstr("DROP")));
}

TEST(check, passes_when_the_migrations_build_the_model_on_its_own_scratch_server) {
  auto configured = testing::fresh_database_url();
  auto run = retort(with_plugins(configured) + " check --model " + RETORT_EXAMPLE_MODEL);
  EXPECT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("No differences: the 8 migrations build the model's schema"));
  // The configured database is never the one migrated.
  EXPECT_FALSE(has_version_table(configured));
}

TEST(check, fails_after_a_model_edit_and_prints_the_operations_a_revision_needs) {
  auto configured = testing::fresh_database_url();
  auto scratch = testing::fresh_database_url();
  auto run = retort(with_plugins(configured) + " check --model " + RETORT_EDITED_MODEL +
                    " --scratch-url " + testing::shell_quote(scratch));
  EXPECT_EQ(run.status, exit_code::model_differs) << run.output;
  EXPECT_THAT(run.output, HasSubstr("do not build the model's schema"));
  EXPECT_THAT(run.output, HasSubstr("A new revision needs 3 operations:"));
  EXPECT_THAT(run.output, HasSubstr("+ add_column products.vintage"));
  EXPECT_THAT(run.output, HasSubstr("op::add_column(\"products\", op::column(\"vintage\""));
  EXPECT_THAT(run.output, HasSubstr("+ create_index ix_products_created_at on products"));
  EXPECT_THAT(run.output, HasSubstr("- drop_index ix_products_price"));
  EXPECT_THAT(run.output, Not(HasSubstr("ck_products_alcohol_range")))
      << "PostgreSQL's rewrite of a check condition is not a difference";
  EXPECT_FALSE(has_version_table(configured));
}

TEST(check, refuses_a_scratch_database_that_is_not_empty) {
  auto scratch = testing::fresh_database_url();
  testing::database(scratch).session().exec("CREATE TABLE keep_me (id int)");
  auto run =
      retort("--plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " check --model " +
             RETORT_EXAMPLE_MODEL + " --scratch-url " + testing::shell_quote(scratch));
  EXPECT_EQ(run.status, exit_code::refused) << run.output;
  EXPECT_THAT(run.output, HasSubstr("--scratch-url must name an empty database"));
  EXPECT_THAT(run.output, HasSubstr("table public.keep_me"));
  EXPECT_EQ(testing::database(scratch).tables(), std::vector<std::string>{"keep_me"});
}

TEST(check, says_when_the_model_itself_does_not_build) {
  auto scratch = testing::fresh_database_url();
  auto run =
      retort("--plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " check --model " +
             RETORT_UNBUILDABLE_MODEL + " --scratch-url " + testing::shell_quote(scratch));
  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("the model does not build: create_index ix_lines_order on lines failed"));
}

}  // namespace
}  // namespace retort
