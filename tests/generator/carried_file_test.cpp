// Carrying a migration file with C++ code into a squash: what is kept exactly, what moves to the
// top, and what is refused because it would not mean the same inside a namespace.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "generator/support.hpp"
#include "scaffold/carried_file.hpp"
#include "scaffold/errors.hpp"

namespace retort::scaffold {
namespace {

using testing::fresh_directory;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::write_file;

constexpr const char* header =
    "RETORT_MIGRATION({.revision = \"c0de00000002\", .down_revision = {\"c0de00000001\"},\n"
    "                  .message = \"fill rows\"});\n";

migration_source written(const std::filesystem::path& file, const std::string& text) {
  write_file(file, text);
  return read_migration_file(file);
}

// Carries `text` as a file, which must be refused; returns the message.
std::string refusal_of(const std::string& text) {
  const auto file = fresh_directory() / "versions/c0de00000002_fill.cpp";
  try {
    (void)carry_file(written(file, text));
  } catch (const refusal& e) {
    EXPECT_THAT(e.what(), HasSubstr("revision c0de00000002 runs C++ code"));
    EXPECT_THAT(e.what(), HasSubstr(file.string() + ":"));
    return e.what();
  }
  ADD_FAILURE() << "carried:\n" << text;
  return {};
}

TEST(carried_file, keeps_the_code_as_written_and_moves_the_includes_to_the_top) {
  const auto dir = fresh_directory();
  write_file(dir / "versions/rows.hpp", "#pragma once\n");
  const std::string code =
      "void fill(retort::session& s) {\n"
      "  s.execute(R\"sql(UPDATE t SET note = 'a\r\n"
      "\n"
      "\n"
      "#include <not_a_directive>\n"
      "b')sql\");\n"
      "}\n"
      "retort::operations upgrade() { return {op::run(\"fill\", fill)}; }\n"
      "retort::operations downgrade() { return {}; }\n";
  const auto source = written(dir / "versions/c0de00000002_fill.cpp",
                              "// fill rows\n#include <retort/migration.hpp>\n"
                              "#include <retort/session.hpp>  // the session\n"
                              "#include \"rows.hpp\"\n#include \"generated/absent.hpp\"\n\n" +
                                  std::string(header) + "\n\n\n" + code);

  const auto carried = carry_file(source);

  EXPECT_EQ(carried.name_space, "replaced_c0de00000002");
  ASSERT_EQ(carried.includes.size(), 4U);
  EXPECT_EQ(include_directive(carried.includes[1], dir / "versions"),
            "#include <retort/session.hpp>");
  EXPECT_EQ(include_directive(carried.includes[2], dir / "versions"), "#include \"rows.hpp\"");
  // A squash that lands in a subdirectory (file_template "%(year)d/...") reaches it from there.
  EXPECT_EQ(include_directive(carried.includes[2], dir / "versions/2026"),
            "#include \"../rows.hpp\"");
  EXPECT_EQ(include_directive(carried.includes[3], dir / "versions/2026"),
            "#include \"generated/absent.hpp\"");
  EXPECT_THAT(carried.block, HasSubstr("namespace replaced_c0de00000002 {\n"
                                       "static ::retort::operations upgrade();\n"
                                       "static ::retort::operations downgrade();\n\n"
                                       "// fill rows\n\n" +
                                       code + "\n}  // namespace replaced_c0de00000002\n"));
  EXPECT_THAT(carried.block, Not(HasSubstr("RETORT_MIGRATION")));
}

TEST(carried_file, refuses_a_directive_other_than_include) {
  EXPECT_THAT(
      refusal_of("#include <retort/migration.hpp>\n#define ROWS 10\n" + std::string(header)),
      HasSubstr("c0de00000002_fill.cpp:2: #define would not mean the same inside a "
                "namespace"));
  EXPECT_THAT(refusal_of("#include <retort/migration.hpp>\n" + std::string(header) +
                         "#if defined(X)\n#endif\n"),
              HasSubstr(":4: #if would not mean the same"));
}

TEST(carried_file, refuses_an_include_inside_a_declaration_or_through_a_macro) {
  EXPECT_THAT(refusal_of("#include <retort/migration.hpp>\n" + std::string(header) +
                         "const char* rows[] = {\n#include \"rows.inc\"\n};\n"),
              HasSubstr(":5: a file is included inside a function or a declaration"));
  EXPECT_THAT(
      refusal_of("#include <retort/migration.hpp>\n#include ROWS_HEADER\n" + std::string(header)),
      HasSubstr(":2: an #include that names its file through a macro"));
}

TEST(carried_file, refuses_what_would_change_meaning_inside_a_namespace) {
  EXPECT_THAT(refusal_of("#include <retort/migration.hpp>\n" + std::string(header) +
                         "template <> struct retort::field_type<money> {};\n"),
              HasSubstr(":4: a template specialisation cannot be declared inside a namespace"));
  EXPECT_THAT(refusal_of("#include <retort/migration.hpp>\n" + std::string(header) +
                         "const char* where = __FILE__;\n"),
              HasSubstr(":4: __FILE__ would name the squash instead"));
  EXPECT_THAT(refusal_of("#include <retort/migration.hpp>\n" + std::string(header) +
                         "auto id = retort_migration_info_.revision;\n"),
              HasSubstr(":4: retort_migration_info_ would name the squash instead"));
}

}  // namespace
}  // namespace retort::scaffold
