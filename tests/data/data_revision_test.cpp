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

// A project of base, C++ split and a revision needing the split, built as `squash_line`.
std::filesystem::path project_with_squash_line() {
  const auto dir = fresh_directory();
  std::filesystem::create_directories(dir / "versions");
  for (const auto* name : {"producers_base.cpp", "split_names.cpp", "last_name_required.cpp"}) {
    std::filesystem::copy_file(std::string(RETORT_SOURCE_DIR) + "/tests/data/plugins/" + name,
                               dir / "versions" / name);
  }
  write_file(dir / "retort.toml", "plugins = \"" + std::string(RETORT_TEST_BUNDLES) +
                                      "/squash_line\"\nversions = \"versions\"\n");
  return dir;
}

TEST(data_squash, a_revision_with_cpp_code_is_carried_whole_and_called_in_its_place) {
  const auto dir = project_with_squash_line();

  const auto result =
      retort_cli("squash da7a00000001 da7a00000030 -m \"one\" --rev-id da7a000000e0", dir);

  ASSERT_EQ(result.status, 0) << result.output;
  const auto file = generated_by(result).file;
  const auto text = read_file(file);
  // Its headers at the top, outside the namespace.
  EXPECT_THAT(text, HasSubstr("#include <retort/migration.hpp>\n#include <retort/session.hpp>\n"
                              "#include <optional>\n#include <string>\n\nRETORT_MIGRATION("));
  EXPECT_THAT(text, HasSubstr("namespace replaced_da7a00000002 {\n"
                              "static ::retort::operations upgrade();\n"
                              "static ::retort::operations downgrade();\n"));
  EXPECT_THAT(text, HasSubstr("struct producer_row {"));
  EXPECT_THAT(text, HasSubstr("}  // namespace replaced_da7a00000002\n"));
  EXPECT_THAT(text, Not(HasSubstr("revision = \"da7a00000002\"")));
  // The others' operations written out, the carried one called between them.
  const auto create = text.find("op::create_table(");
  const auto point_1 = text.find("op::squash_point(\"da7a00000001\")");
  const auto call = text.find("ops.extend(replaced_da7a00000002::upgrade());");
  const auto point_2 = text.find("op::squash_point(\"da7a00000002\")");
  const auto alter = text.find("op::alter_column(");
  ASSERT_NE(alter, std::string::npos) << text;
  EXPECT_LT(create, point_1);
  EXPECT_LT(point_1, call);
  EXPECT_LT(call, point_2);
  EXPECT_LT(point_2, alter);
  EXPECT_THAT(text, HasSubstr("ops.extend(replaced_da7a00000002::downgrade());"));
  EXPECT_FALSE(std::filesystem::exists(dir / "versions/split_names.cpp"));
  const auto compiled = compile_migration(file);
  EXPECT_EQ(compiled.status, 0) << compiled.output << text;
}

TEST(data_squash, a_carried_revision_last_in_the_line_is_called_before_its_point) {
  const auto dir = project_with_squash_line();

  const auto result =
      retort_cli("squash da7a00000001 da7a00000002 -m \"two\" --rev-id da7a000000e1", dir);

  ASSERT_EQ(result.status, 0) << result.output;
  const auto file = generated_by(result).file;
  const auto text = read_file(file);
  EXPECT_THAT(text, HasSubstr("  ops.extend(replaced_da7a00000002::upgrade());\n"
                              "  [&ops] {\n"
                              "    ops.append({\n"
                              "        op::squash_point(\"da7a00000002\"),\n"
                              "    });\n"
                              "  }();\n"
                              "  return ops;\n"));
  const auto down_point = text.find("op::squash_point(\"da7a00000002\")", text.find("downgrade()"));
  const auto down_call = text.find("ops.extend(replaced_da7a00000002::downgrade());");
  const auto drop = text.find("op::drop_table(\"producers\")");
  EXPECT_LT(down_point, down_call);
  EXPECT_LT(down_call, drop);
  // The revision above it now stands on the squash.
  EXPECT_THAT(read_file(dir / "versions/last_name_required.cpp"),
              HasSubstr(".down_revision = {\"da7a000000e1\"}"));
  const auto compiled = compile_migration(file);
  EXPECT_EQ(compiled.status, 0) << compiled.output << text;
}

}  // namespace
}  // namespace retort::testing
