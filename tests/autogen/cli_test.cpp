// `retort revision --autogenerate` as a user runs it: a model plugin, a real database, a
// project directory; each file it writes must compile.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/apply.hpp"
#include "autogen/compare.hpp"
#include "autogen/rich_model.hpp"
#include "generator/cli_support.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class autogenerate_cli : public ::testing::Test {
 protected:
  std::filesystem::path project = testing::fresh_directory();
  std::string url = testing::fresh_database_url();

  void SetUp() override {
    std::filesystem::create_directories(project / "migrations" / "versions");
    testing::write_file(project / "retort.toml", "versions = \"migrations/versions\"\n");
  }

  testing::run_result autogenerate(const std::string& extra = "",
                                   const std::string& model = "autogen_rich_model.so") {
    return testing::retort_cli("--url " + testing::shell_quote(url) +
                                   " revision --autogenerate -m 'from the model' --model " +
                                   testing::shell_quote(std::string(RETORT_MODELS) + "/" + model) +
                                   " " + extra,
                               project);
  }
};

TEST_F(autogenerate_cli, writes_a_migration_that_creates_the_model_and_compiles) {
  auto run = autogenerate();
  ASSERT_EQ(run.status, 0) << run.output;
  auto file = testing::generated_by(run).file;
  auto text = testing::read_file(file);
  EXPECT_THAT(text, HasSubstr("op::create_extension(\"pg_trgm\")"));
  EXPECT_THAT(text, HasSubstr("op::drop_extension(\"pg_trgm\")")) << "in downgrade()";
  EXPECT_THAT(text, Not(HasSubstr("// The operations that bring"))) << "no placeholder left";
  auto compiled = testing::compile_migration(file);
  EXPECT_EQ(compiled.status, 0) << compiled.output;
}

TEST_F(autogenerate_cli, finds_nothing_once_the_database_matches) {
  auto db = pg::session::connect(url);
  testing::apply(*db, autogen::compare(testing::rich_model(), {}).upgrade);
  auto run = autogenerate();
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("No changes in schema detected."));
  auto text = testing::read_file(testing::generated_by(run).file);
  EXPECT_THAT(text, HasSubstr("retort::operations upgrade() {\n  return {};\n}"));
}

TEST_F(autogenerate_cli, never_proposes_to_drop_the_version_table_or_its_audit_tables) {
  auto db = pg::session::connect(url);
  testing::apply(*db, autogen::compare(testing::rich_model(), {}).upgrade);
  db->exec(
      "CREATE SCHEMA meta; CREATE TABLE meta.versions (version_num varchar(255) PRIMARY KEY); "
      "CREATE TABLE meta.versions_history (id int); CREATE TABLE meta.versions_in_progress (id "
      "int)");
  testing::write_file(project / "retort.toml",
                      "versions = \"migrations/versions\"\nversion_table = \"versions\"\n"
                      "version_table_schema = \"meta\"\n");
  auto run = autogenerate();
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("No changes in schema detected."));
  // Another table in that schema is the user's, and the comparison sees it (and the schema).
  db->exec("CREATE TABLE meta.mine (id int)");
  auto mine = autogenerate();
  auto text = testing::read_file(testing::generated_by(mine).file);
  EXPECT_THAT(text, HasSubstr("op::drop_table(\n          \"mine\""));
  EXPECT_THAT(text, Not(HasSubstr("versions")));
}

TEST_F(autogenerate_cli, prints_a_rename_hint_and_renames_when_told) {
  auto db = pg::session::connect(url);
  auto model = testing::rich_model();
  testing::apply(*db, autogen::compare(model, {}).upgrade);
  db->exec("ALTER TABLE order_lines RENAME COLUMN note TO remark");

  auto hinted = autogenerate();
  ASSERT_EQ(hinted.status, 0) << hinted.output;
  EXPECT_THAT(hinted.output,
              HasSubstr("note: column order_lines.remark is dropped and note added with the same "
                        "type; if it was renamed, run again with --rename "
                        "order_lines.remark:order_lines.note"));

  auto renamed = autogenerate("--rename order_lines.remark:order_lines.note");
  ASSERT_EQ(renamed.status, 0) << renamed.output;
  auto text = testing::read_file(testing::generated_by(renamed).file);
  EXPECT_THAT(text,
              HasSubstr("op::alter_column(\"order_lines\", \"remark\", {.new_name = \"note\"})"));
  EXPECT_THAT(text, Not(HasSubstr("op::drop_column")));
}

TEST_F(autogenerate_cli, filters_keep_excluded_tables_out_of_the_migration) {
  auto run = autogenerate("--exclude-table 'order_*' --exclude-schema audit");
  ASSERT_EQ(run.status, 0) << run.output;
  auto text = testing::read_file(testing::generated_by(run).file);
  EXPECT_THAT(text, HasSubstr("op::create_table(\n          \"products\""));
  EXPECT_THAT(text, Not(HasSubstr("order_lines")));
  EXPECT_THAT(text, Not(HasSubstr("\"events\"")));
}

TEST_F(autogenerate_cli, reports_a_missing_or_failing_model_and_writes_nothing) {
  auto missing = autogenerate("", "no_such_model.so");
  EXPECT_EQ(missing.status, 3) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("no such model plugin"));
  auto failing = autogenerate("", "autogen_throwing_model.so");
  EXPECT_EQ(failing.status, 3) << failing.output;
  EXPECT_THAT(failing.output,
              HasSubstr("the model function threw: the model is broken on purpose"));
  EXPECT_TRUE(std::filesystem::is_empty(project / "migrations" / "versions"));
}

}  // namespace
}  // namespace retort
