// The squash's range and file, without plugins or a database: what a line is, what it carries
// (labels, dependencies, transaction mode, the ids of a squash it replaces), and that the file
// compiles and reads back.
#include <retort/errors.hpp>

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "generator/support.hpp"
#include "scaffold/errors.hpp"
#include "scaffold/source_reader.hpp"
#include "scaffold/squash.hpp"

namespace retort::scaffold {
namespace {

using retort::testing::write_file;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class scaffold_squash : public ::testing::Test {
 protected:
  scaffold_squash() {
    project_.root = dir_;
    project_.version_locations = {dir_ / "versions"};
  }

  void add(const std::string& id, const std::string& fields) {
    write_file(dir_ / "versions" / (id + ".cpp"),
               "#include <retort/migration.hpp>\n\nRETORT_MIGRATION({.revision = \"" + id + "\", " +
                   fields +
                   "});\n\nretort::operations upgrade() { return {}; }\n"
                   "retort::operations downgrade() { return {}; }\n");
  }

  std::string refusal_of(std::string_view from, std::string_view to) {
    try {
      (void)find_squash_range(project_, from, to);
    } catch (const refusal& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a refusal";
    return {};
  }

  std::filesystem::path dir_ = testing::fresh_directory();
  project project_;
};

TEST_F(scaffold_squash, a_line_carries_its_labels_dependencies_and_transaction_mode) {
  add("a", R"(.message = "a")");
  add("d", R"(.message = "d")");
  add("b", R"(.down_revision = {"a"}, .message = "b", .depends_on = {"d"})");
  add("c", R"(.down_revision = {"b"}, .message = "c", .branch_labels = {"shop"},
              .depends_on = {"b"}, .transactional = false)");
  add("e", R"(.down_revision = {"c"}, .message = "e")");
  add("f", R"(.down_revision = {"a"}, .message = "f", .depends_on = {"c"})");

  auto range = find_squash_range(project_, "b", "c");
  EXPECT_THAT(range.down_revision, ElementsAre("a"));
  EXPECT_THAT(range.depends_on, ElementsAre("d")) << "the first's, not the inner one on b";
  EXPECT_THAT(range.branch_labels, ElementsAre("shop"));
  EXPECT_THAT(range.replaces, ElementsAre("b", "c"));
  EXPECT_FALSE(range.transactional);
  ASSERT_EQ(range.children.size(), 2U) << "e stands on c, f depends on it";

  const auto written = write_squash(project_, range,
                                    {.message = "b and c",
                                     .rev_id = "s",
                                     .upgrades = "  return {op::squash_point(\"b\"), "
                                                 "op::squash_point(\"c\")};",
                                     .downgrades = "  return {op::squash_point(\"c\"), "
                                                   "op::squash_point(\"b\")};"},
                                    {[] { return std::chrono::system_clock::time_point{}; },
                                     [] { return std::string("unused"); }});
  const auto squash = read_migration_file(written.file);
  EXPECT_EQ(squash.revision, "s");
  EXPECT_FALSE(squash.transactional);
  EXPECT_THAT(squash.replaces, ElementsAre("b", "c"));
  EXPECT_THAT(read_migration_file(dir_ / "versions/e.cpp").down_revision, ElementsAre("s"));
  EXPECT_THAT(read_migration_file(dir_ / "versions/f.cpp").depends_on, ElementsAre("s"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "versions/b.cpp"));
  auto compiled = testing::compile_migration(written.file);
  EXPECT_EQ(compiled.status, 0) << compiled.output;
}

TEST_F(scaffold_squash, a_squash_of_a_squash_knows_every_id_it_stands_for) {
  add("a", R"(.message = "a")");
  add("s", R"(.down_revision = {"a"}, .message = "s", .replaces = {"b", "c"})");
  add("d", R"(.down_revision = {"s"}, .message = "d")");
  EXPECT_THAT(find_squash_range(project_, "s", "d").replaces, ElementsAre("b", "c", "s", "d"));
}

TEST_F(scaffold_squash, refuses_what_is_not_one_line) {
  add("a", R"(.message = "a")");
  add("b", R"(.down_revision = {"a"}, .message = "b")");
  add("x", R"(.message = "x")");
  add("m", R"(.down_revision = {"b", "x"}, .message = "m")");
  add("c", R"(.down_revision = {"m"}, .message = "c")");
  add("y", R"(.message = "y")");
  add("e", R"(.down_revision = {"c"}, .message = "e", .depends_on = {"y"})");
  add("g", R"(.down_revision = {"e"}, .message = "g")");
  add("h", R"(.message = "h", .depends_on = {"c"})");
  add("p", R"(.message = "p")");
  add("q", R"(.down_revision = {"p"}, .message = "q", .depends_on = {"y"})");
  add("r", R"(.down_revision = {"q"}, .message = "r")");

  EXPECT_THAT(refusal_of("a", "c"), HasSubstr("m is a merge point (of b, x)"));
  EXPECT_THAT(refusal_of("c", "x"), HasSubstr("c is not an ancestor of x"));
  EXPECT_THAT(refusal_of("c", "e"), HasSubstr("h depends on c, which the squash would remove"));
  EXPECT_THAT(refusal_of("p", "r"), HasSubstr("q depends on y, outside the range"));
  EXPECT_THAT(refusal_of("b", "b"), HasSubstr("a squash replaces two or more revisions"));
  EXPECT_THROW((void)find_squash_range(project_, "a", "nope"), target_error);
}

}  // namespace
}  // namespace retort::scaffold
