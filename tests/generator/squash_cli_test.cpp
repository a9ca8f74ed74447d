// `retort squash` as a user runs it: a line of five revisions, databases left at different
// points of it, the middle three squashed, the plugin rebuilt from the written file, and every
// database upgraded to the same schema with a version table naming only real revisions.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "generator/cli_support.hpp"
#include "pg/session.hpp"
#include "scaffold/source_reader.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::read_file;
using testing::retort_cli;
using testing::run_result;
using testing::shell_quote;
using testing::write_file;
namespace exit_code = cli::exit_code;

struct revision_text {
  std::string id;
  std::string parent;
  std::string upgrade;
  std::string downgrade;
};

// products(id) → name → index and a first row (raw SQL) → producers → products.producer_id.
const std::vector<revision_text> line{
    {"a1000000000a", "",
     R"op(op::create_table("products", {op::column("id", op::type::bigint(), {.primary_key = true})}))op",
     R"op(op::drop_table("products"))op"},
    {"a2000000000a", "a1000000000a",
     R"op(op::add_column("products", op::column("name", op::type::text())))op",
     R"op(op::drop_column("products", "name"))op"},
    {"a3000000000a", "a2000000000a",
     R"op(op::create_index("ix_products_name", "products", {"name"}),
      op::execute("INSERT INTO products (id, name) VALUES (1, 'rioja')",
                  {.reverse_sql = "DELETE FROM products WHERE id = 1"}))op",
     R"op(op::execute("DELETE FROM products WHERE id = 1"), op::drop_index("ix_products_name"))op"},
    {"a4000000000a", "a3000000000a",
     R"op(op::create_table("producers", {op::column("id", op::type::bigint(), {.primary_key = true})}))op",
     R"op(op::drop_table("producers"))op"},
    {"a5000000000a", "a4000000000a",
     R"op(op::add_column("products", op::column("producer_id", op::type::bigint())))op",
     R"op(op::drop_column("products", "producer_id"))op"},
};

std::string source_of(const revision_text& r) {
  return "// step " + r.id.substr(0, 2) + "\n//\n// Revision ID: " + r.id +
         "\n// Revises: " + r.parent +
         "\n#include <retort/migration.hpp>\n\nRETORT_MIGRATION({\n    .revision = \"" + r.id +
         "\",\n    .down_revision = {" + (r.parent.empty() ? "" : "\"" + r.parent + "\"") +
         "},\n    .message = \"step " + r.id.substr(0, 2) +
         "\",\n});\n\nretort::operations upgrade() {\n  return {" + r.upgrade +
         "};\n}\n\nretort::operations downgrade() {\n  return {" + r.downgrade + "};\n}\n";
}

std::vector<fs::path> sources_in(const fs::path& versions) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(versions)) {
    if (entry.path().extension() == ".cpp") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The plugin of every source in `versions`, built as retort_add_migrations() builds one: the
// checksum records from `retort source-checksums`, then one module with the entry point.
run_result build_plugin(const fs::path& project) {
  const auto versions = project / "migrations" / "versions";
  const auto out = project / "build";
  fs::create_directories(out / "plugins");
  std::string files;
  for (const auto& file : sources_in(versions)) {
    files += " " + shell_quote(file.string());
  }
  const auto checksums = out / "checksums.cpp";
  auto recorded =
      retort_cli("source-checksums --cpp " + shell_quote(checksums.string()) + files, project);
  if (recorded.status != 0) {
    return recorded;
  }
  const std::string source_dir = RETORT_SOURCE_DIR;
  return testing::run(
      std::string(RETORT_TEST_CXX) +
      " -std=c++20 -Wall -Wextra -Werror -DBOOST_DLL_USE_STD_FS -fPIC -shared "
      "-fvisibility=hidden -fvisibility-inlines-hidden -fno-gnu-unique -I " +
      shell_quote(source_dir + "/include") + files + " " + shell_quote(checksums.string()) + " " +
      shell_quote(source_dir + "/cmake/retort_plugin_entry.cpp") + " -Wl,--no-undefined -o " +
      shell_quote((out / "plugins" / "shop.so").string()));
}

std::vector<std::string> column(pg::session& db, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : db.exec(sql).rows) {
    out.push_back(row.at(0).value_or("NULL"));
  }
  return out;
}

// What a user would compare: tables and columns, indexes, rows.
std::vector<std::string> schema_of(const std::string& url) {
  auto db = pg::session::connect(url);
  auto out = column(*db,
                    "SELECT table_name || '.' || column_name || ' ' || data_type FROM "
                    "information_schema.columns WHERE table_schema = 'public' AND table_name NOT "
                    "LIKE 'alembic_version%' ORDER BY 1");
  for (auto& line : column(*db,
                           "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND "
                           "tablename NOT LIKE 'alembic_version%' ORDER BY 1")) {
    out.push_back(std::move(line));
  }
  for (auto& line : column(*db, "SELECT to_jsonb(p)::text FROM products p ORDER BY 1")) {
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<std::string> version_rows(const std::string& url) {
  auto db = pg::session::connect(url);
  return column(*db, "SELECT version_num FROM alembic_version ORDER BY 1");
}

class squash_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = testing::fresh_directory();
    write_file(project_ / "retort.toml",
               "plugins = \"build/plugins\"\nversions = \"migrations/versions\"\n");
    for (const auto& r : line) {
      write_file(project_ / "migrations" / "versions" / (r.id + "_step.cpp"), source_of(r));
    }
  }

  run_result cli(const std::string& args, const std::string& url = "") {
    return retort_cli((url.empty() ? "" : "--url " + shell_quote(url) + " ") + args, project_);
  }

  fs::path file_of(const std::string& id) const {
    return project_ / "migrations" / "versions" / (id + "_step.cpp");
  }

  fs::path project_;
};

TEST_F(squash_cli, carries_databases_at_every_replaced_revision_to_the_same_schema) {
  auto built = build_plugin(project_);
  ASSERT_EQ(built.status, 0) << built.output;
  // Before the range, in its middle, at its end; and one that goes back down from the middle.
  const auto before = testing::fresh_database_url();
  const auto middle = testing::fresh_database_url();
  const auto last = testing::fresh_database_url();
  const auto middle_down = testing::fresh_database_url();
  for (const auto& [url, target] :
       std::vector<std::pair<std::string, std::string>>{{before, "a1000000000a"},
                                                        {middle, "a3000000000a"},
                                                        {last, "a4000000000a"},
                                                        {middle_down, "a3000000000a"}}) {
    auto up = cli("upgrade " + target, url);
    ASSERT_EQ(up.status, exit_code::ok) << up.output;
  }
  const auto at_first = schema_of(before);

  auto squashed =
      cli("squash a2000000000a a4000000000a -m 'name, index and producers' "
          "--rev-id 5a0000000000");
  ASSERT_EQ(squashed.status, exit_code::ok) << squashed.output;
  const auto squash_file = testing::generated_by(squashed).file;
  EXPECT_THAT(squashed.output, HasSubstr("Pointing " + file_of("a5000000000a").string() +
                                         " at 5a0000000000 ... done"));
  for (const auto* id : {"a2000000000a", "a3000000000a", "a4000000000a"}) {
    EXPECT_THAT(squashed.output, HasSubstr("Removing " + file_of(id).string() + " ... done"));
    EXPECT_FALSE(fs::exists(file_of(id))) << id;
  }
  const auto header = scaffold::read_migration_file(squash_file);
  EXPECT_THAT(header.down_revision, ElementsAre("a1000000000a"));
  EXPECT_THAT(header.replaces, ElementsAre("a2000000000a", "a3000000000a", "a4000000000a"));
  EXPECT_THAT(scaffold::read_migration_file(file_of("a5000000000a")).down_revision,
              ElementsAre("5a0000000000"));
  EXPECT_THAT(read_file(file_of("a5000000000a")), HasSubstr("// Revises: 5a0000000000"))
      << "the comment follows the header";

  // The written file builds (warnings are errors), and the new plugin runs.
  fs::remove_all(project_ / "build");
  built = build_plugin(project_);
  ASSERT_EQ(built.status, 0) << built.output << read_file(squash_file);

  const auto fresh = testing::fresh_database_url();
  auto up = cli("upgrade head", fresh);
  ASSERT_EQ(up.status, exit_code::ok) << up.output;
  const auto at_head = schema_of(fresh);
  ASSERT_THAT(at_head, ::testing::Contains("products.producer_id bigint"));

  // Offline from inside the range: the tail of the squash, and the row turned into the squash.
  auto script = cli("upgrade a3000000000a:5a0000000000 --sql");
  ASSERT_EQ(script.status, exit_code::ok) << script.output;
  EXPECT_THAT(script.output, HasSubstr("CREATE TABLE \"producers\""));
  EXPECT_THAT(script.output, ::testing::Not(HasSubstr("ix_products_name")));
  EXPECT_THAT(script.output, HasSubstr("5a0000000000"));

  auto current = cli("current", middle);
  EXPECT_EQ(current.status, exit_code::ok) << current.output;
  EXPECT_THAT(current.output, HasSubstr("a3000000000a (replaced by squash 5a0000000000"));

  for (const auto& url : {before, middle, last}) {
    auto carried = cli("upgrade head", url);
    ASSERT_EQ(carried.status, exit_code::ok) << carried.output;
    EXPECT_EQ(schema_of(url), at_head) << carried.output;
    EXPECT_THAT(version_rows(url), ElementsAre("a5000000000a"));
  }

  // A database in the middle of the squash goes back down by what it applied of it, no more.
  auto down = cli("downgrade a1000000000a", middle_down);
  ASSERT_EQ(down.status, exit_code::ok) << down.output;
  EXPECT_EQ(schema_of(middle_down), at_first);
  EXPECT_THAT(version_rows(middle_down), ElementsAre("a1000000000a"));
}

TEST_F(squash_cli, refuses_a_range_that_is_not_one_line) {
  // A second child of a3 makes it a branch point: it cannot disappear.
  write_file(project_ / "migrations" / "versions" / "b1_branch.cpp",
             source_of({"b1000000000b", "a3000000000a", "op::execute(\"SELECT 1\")", ""}));
  auto refused = cli("squash a2000000000a a4000000000a -m 'squash'");
  EXPECT_EQ(refused.status, exit_code::refused) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("a3000000000a is a branch point: b1000000000b also "
                                        "stands on it"));
  auto backwards = cli("squash a4000000000a a2000000000a -m 'squash'");
  EXPECT_EQ(backwards.status, exit_code::refused) << backwards.output;
  EXPECT_THAT(backwards.output, HasSubstr("a4000000000a is not an ancestor of a2000000000a"));
  EXPECT_TRUE(fs::exists(file_of("a3000000000a"))) << "nothing was touched";
}

TEST_F(squash_cli, refuses_an_unknown_revision_before_reading_any_plugin) {
  auto refused = cli("squash a2000000000a ffffffff -m 'squash'");
  EXPECT_EQ(refused.status, exit_code::refused) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("ffffffff"));
}

TEST_F(squash_cli, refuses_a_plugin_built_from_other_sources) {
  auto built = build_plugin(project_);
  ASSERT_EQ(built.status, 0) << built.output;
  auto text = read_file(file_of("a3000000000a"));
  write_file(file_of("a3000000000a"), text + "// changed after the build\n");
  auto refused = cli("squash a2000000000a a4000000000a -m 'squash'");
  EXPECT_EQ(refused.status, exit_code::refused) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("was built from another version of"));
  EXPECT_TRUE(fs::exists(file_of("a2000000000a"))) << "nothing was touched";
}

}  // namespace
}  // namespace retort
