// The build-time check of retort_add_migrations(): what makes a set of migration sources a
// history the build accepts, and how a refusal names the files.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "generator/support.hpp"
#include "scaffold/source_check.hpp"
#include "scaffold/source_reader.hpp"
#include "support/error_of.hpp"

namespace retort::scaffold {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class source_check : public ::testing::Test {
 protected:
  std::filesystem::path dir_ = testing::fresh_directory();

  // Writes a migration `name.cpp` with the given header fields; returns its path.
  std::filesystem::path migration(const std::string& name, const std::string& fields) {
    auto file = dir_ / (name + ".cpp");
    testing::write_file(file, "#include <retort/migration.hpp>\n\nRETORT_MIGRATION({" + fields +
                                  "});\n\nretort::operations upgrade() { return {}; }\n"
                                  "retort::operations downgrade() { return {}; }\n");
    return file;
  }

  std::string refusal(const std::vector<std::filesystem::path>& files, bool single_head = false) {
    return testing::error_of<graph_error>(
        [&] { (void)check_migration_sources(files, {.single_head = single_head}); });
  }
};

TEST_F(source_check, accepts_a_history_with_a_helper_source_beside_it) {
  auto base = migration("base", R"(.revision = "a1", .message = "base")");
  auto next = migration("next", R"(.revision = "a2", .down_revision = {"a1"}, .message = "next")");
  auto helper = dir_ / "helpers.cpp";
  testing::write_file(helper, "int shared_helper() { return 42; }\n");
  auto graph = check_migration_sources({helper, next, base}, {.single_head = true});
  EXPECT_EQ(graph.size(), 2U);
  EXPECT_THAT(graph.heads(), ElementsAre("a2"));
}

TEST_F(source_check, refuses_a_cycle_naming_the_files) {
  auto one = migration("one", R"(.revision = "c1", .down_revision = {"c2"}, .message = "one")");
  auto two = migration("two", R"(.revision = "c2", .down_revision = {"c1"}, .message = "two")");
  EXPECT_THAT(refusal({one, two}),
              AllOf(HasSubstr("cycle"), HasSubstr(one.string()), HasSubstr(two.string())));
}

TEST_F(source_check, refuses_a_duplicate_id_naming_both_files) {
  auto one = migration("one", R"(.revision = "d1", .message = "one")");
  auto two = migration("two", R"(.revision = "d1", .message = "two")");
  EXPECT_THAT(refusal({one, two}),
              AllOf(HasSubstr("declared twice"), HasSubstr(one.string()), HasSubstr(two.string())));
}

TEST_F(source_check, refuses_a_missing_parent_naming_the_file) {
  auto orphan = migration("orphan", R"(.revision = "e2", .down_revision = {"e1"}, .message = "o")");
  EXPECT_THAT(refusal({orphan}), AllOf(HasSubstr("e1"), HasSubstr(orphan.string())));
}

TEST_F(source_check, refuses_a_file_it_cannot_read_with_file_and_line) {
  auto file = dir_ / "broken.cpp";
  testing::write_file(file,
                      "#include <retort/migration.hpp>\n\nRETORT_MIGRATION({.revision = \"f1\",\n"
                      "  .message = some_constant});\n");
  auto message = refusal({file});
  EXPECT_THAT(message, HasSubstr(file.string() + ":4:"));
}

TEST_F(source_check, two_heads_pass_unless_single_head_is_asked) {
  auto base = migration("base", R"(.revision = "g1", .message = "base")");
  auto left = migration("left", R"(.revision = "g2", .down_revision = {"g1"}, .message = "l")");
  auto right = migration("right", R"(.revision = "g3", .down_revision = {"g1"}, .message = "r")");
  EXPECT_THAT(check_migration_sources({base, left, right}, {}).heads(), ElementsAre("g2", "g3"));
  EXPECT_THAT(refusal({base, left, right}, true),
              AllOf(HasSubstr("2 heads"), HasSubstr(left.string()), HasSubstr(right.string()),
                    HasSubstr("retort merge")));
}

}  // namespace
}  // namespace retort::scaffold
