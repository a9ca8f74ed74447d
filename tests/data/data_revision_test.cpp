// `retort revision --data TABLE`: a data step over a struct of the table as the compiled
// migrations leave it, frozen in the new file, which compiles as written.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "generator/cli_support.hpp"

namespace retort::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A project from `retort init`, holding the base revision of the data bundle, whose compiled
// plugins are `bundle`'s.
std::filesystem::path project_with_base(const std::string& bundle) {
  const auto dir = fresh_directory();
  EXPECT_EQ(retort_cli("init .", dir).status, 0);
  std::filesystem::copy_file(
      std::string(RETORT_SOURCE_DIR) + "/tests/data/plugins/producers_base.cpp",
      dir / "migrations/versions/producers_base.cpp");
  write_file(dir / "retort.toml", "plugins = \"" + std::string(RETORT_TEST_BUNDLES) + "/" + bundle +
                                      "\"\nversions = \"migrations/versions\"\nscript_template "
                                      "= \"migrations/script.cpp.tmpl\"\n");
  return dir;
}

TEST(data_revision, writes_a_frozen_struct_of_the_table_and_a_step_that_compiles) {
  const auto dir = project_with_base("split_names");

  const auto result =
      retort_cli("revision --data producers -m \"split names\" --rev-id da7a000000aa", dir);

  ASSERT_EQ(result.status, 0) << result.output;
  const auto file = generated_by(result).file;
  const auto text = read_file(file);
  EXPECT_THAT(text, HasSubstr("#include <retort/migration.hpp>\n#include <retort/session.hpp>\n"));
  EXPECT_THAT(text, HasSubstr("struct producers_row {\n"
                              "  std::int64_t id;\n"
                              "  std::string name;\n"
                              "  std::optional<std::string> first_name;\n"
                              "  std::optional<std::string> last_name;\n"
                              "  std::int32_t touched;\n"
                              "};\n"));
  EXPECT_THAT(text, HasSubstr("retort::column<&producers_row::first_name>(\"first_name\", "
                              "retort::op::type::varchar(40))"));
  EXPECT_THAT(text, HasSubstr(".key = {\"id\"}"));
  EXPECT_THAT(text, HasSubstr("for (producers_row row : s.rows(producers, \"ORDER BY id\"))"));
  EXPECT_THAT(text, HasSubstr("return {op::run(\"TODO: say what this step does\", migrate_rows, "
                              "{.expects = {producers}})};"));
  EXPECT_THAT(text, HasSubstr(".down_revision = {\"da7a00000001\"}"));
  const auto compiled = compile_migration(file);
  EXPECT_EQ(compiled.status, 0) << compiled.output << text;
}

TEST(data_revision, a_table_the_migrations_do_not_build_is_refused_and_nothing_written) {
  const auto dir = project_with_base("split_names");

  const auto result = retort_cli("revision --data orders -m \"fill orders\"", dir);

  EXPECT_NE(result.status, 0);
  EXPECT_THAT(result.output, HasSubstr("table orders is not in the schema the migrations build"));
  EXPECT_THAT(result.output, Not(HasSubstr("Generating")));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "migrations/versions"),
                          std::filesystem::directory_iterator{}),
            2);  // .gitkeep and the base
}

TEST(data_squash, a_revision_with_cpp_code_is_refused_and_no_file_touched) {
  const auto dir = fresh_directory();
  std::filesystem::create_directories(dir / "versions");
  for (const auto* name : {"producers_base.cpp", "split_names.cpp"}) {
    std::filesystem::copy_file(std::string(RETORT_SOURCE_DIR) + "/tests/data/plugins/" + name,
                               dir / "versions" / name);
  }
  write_file(dir / "retort.toml", "plugins = \"" + std::string(RETORT_TEST_BUNDLES) +
                                      "/split_names\"\nversions = \"versions\"\n");

  const auto result = retort_cli("squash da7a00000001 da7a00000002 -m \"one\"", dir);

  EXPECT_NE(result.status, 0);
  EXPECT_THAT(result.output, HasSubstr("revision da7a00000002"));
  EXPECT_THAT(result.output, HasSubstr("runs C++ code (\"split producer names\"), which squash "
                                       "cannot carry"));
  EXPECT_TRUE(std::filesystem::exists(dir / "versions/split_names.cpp"));
  EXPECT_TRUE(std::filesystem::exists(dir / "versions/producers_base.cpp"));
}

}  // namespace
}  // namespace retort::testing
