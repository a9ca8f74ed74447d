// The strict source reader: what it reads from RETORT_MIGRATION headers, and how it refuses.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "generator/support.hpp"
#include "scaffold/source_reader.hpp"

namespace retort::scaffold {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A header in a file, the rest of the file as a migration has it.
std::string migration_with(const std::string& header) {
  return "#include <retort/migration.hpp>\n\n" + header +
         "\n\nretort::operations upgrade() { return {}; }\n"
         "retort::operations downgrade() { return {}; }\n";
}

constexpr const char* file_name = "versions/20261105_1000_abc_test.cpp";

migration_source parse(const std::string& text) {
  return parse_migration_source(text, file_name);
}

// Parses `text`, which must be refused; returns the error after checking it names the file
// and `line`, in the message and in the accessors.
source_error refusal_of(const std::string& text, int line) {
  try {
    (void)parse(text);
  } catch (const source_error& e) {
    EXPECT_EQ(e.file(), file_name);
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_THAT(std::string(e.what()),
                StartsWith(std::string(file_name) + ":" + std::to_string(line) + ": "));
    return e;
  }
  ADD_FAILURE() << "the reader accepted:\n" << text;
  return source_error(file_name, 0, "");
}

TEST(scaffold_reader, reads_the_example_bundle_exactly) {
  const auto sources =
      read_version_locations({std::filesystem::path(RETORT_SOURCE_DIR) / "migrations/versions"});
  ASSERT_EQ(sources.size(), 8U);
  struct expected {
    std::string revision;
    std::vector<std::string> down;
    std::string message;
    std::vector<std::string> labels;
    bool transactional;
    int line;
    std::string file_stem;
  };
  const std::vector<expected> bundle{
      {"1f3e5a7c9b01", {}, "create products table", {"catalogue"}, true, 8, "20261101_0900"},
      {"2b4d6f8a0c12",
       {"1f3e5a7c9b01"},
       "index product names for exact match and search",
       {},
       true,
       8,
       "20261102_1000"},
      {"3c5e7a9b1d23", {"2b4d6f8a0c12"}, "index product prices", {}, false, 9, "20261103_1100"},
      {"4d6f8b0c2e34", {"2b4d6f8a0c12"}, "add producers", {}, true, 8, "20261103_1130"},
      {"5e7a9c1d3f45",
       {"3c5e7a9b1d23", "4d6f8b0c2e34"},
       "merge price index and producers branches",
       {},
       true,
       8,
       "20261104_0900"},
      {"6f8b0d2e4a56",
       {"5e7a9c1d3f45"},
       "add alcohol column to products",
       {},
       true,
       8,
       "20261105_1000"},
      {"7a9c1e3f5b67", {"6f8b0d2e4a56"}, "backfill alcohol", {}, true, 8, "20261105_1030"},
      {"8b0d2f4a6c78", {"7a9c1e3f5b67"}, "make alcohol not null", {}, true, 8, "20261105_1100"},
  };
  for (std::size_t i = 0; i < bundle.size(); ++i) {
    SCOPED_TRACE(bundle[i].revision);
    EXPECT_EQ(sources[i].revision, bundle[i].revision);
    EXPECT_EQ(sources[i].down_revision, bundle[i].down);
    EXPECT_EQ(sources[i].message, bundle[i].message);
    EXPECT_EQ(sources[i].branch_labels, bundle[i].labels);
    EXPECT_TRUE(sources[i].depends_on.empty());
    EXPECT_EQ(sources[i].transactional, bundle[i].transactional);
    EXPECT_EQ(sources[i].line, bundle[i].line);
    EXPECT_THAT(sources[i].file.filename().string(),
                StartsWith(bundle[i].file_stem + "_" + bundle[i].revision + "_"));
  }
  const auto graph = make_graph(sources);
  EXPECT_THAT(graph.heads(), ElementsAre("8b0d2f4a6c78"));
  EXPECT_THAT(graph.bases(), ElementsAre("1f3e5a7c9b01"));
  EXPECT_EQ(graph.at("5e7a9c1d3f45").source, sources[4].file.string());
}

TEST(scaffold_reader, reads_every_field_and_skips_comments) {
  const auto source = parse(migration_with(R"src(// RETORT_MIGRATION({.revision = "in_a_comment"});
/* RETORT_MIGRATION({.revision = "in_a_block_comment"}); */
static const char* decoy = "RETORT_MIGRATION({.revision = \"in_a_string\"})";
RETORT_MIGRATION({
    .revision = "ae1027a6acf0",  // trailing comment
    /* a block comment, with } and " inside */
    .down_revision = {"1f3e5a7c9b01", /* between */ "2b4d6f8a0c12",},
    .message = "say \"hi\"\\ \x41\101\u00e9 " "and more",
    .branch_labels = {"billing"},
    .depends_on = {"catalogue"},
    .transactional = false,
});)src"));
  EXPECT_EQ(source.revision, "ae1027a6acf0");
  EXPECT_THAT(source.down_revision, ElementsAre("1f3e5a7c9b01", "2b4d6f8a0c12"));
  EXPECT_EQ(source.message, "say \"hi\"\\ AA\xc3\xa9 and more");
  EXPECT_THAT(source.branch_labels, ElementsAre("billing"));
  EXPECT_THAT(source.depends_on, ElementsAre("catalogue"));
  EXPECT_FALSE(source.transactional);
  EXPECT_EQ(source.line, 6);
  EXPECT_EQ(source.file, file_name);
}

TEST(scaffold_reader, accepts_what_the_compiler_accepts) {
  // Brace initializers on designators, a raw string, a braced scalar, no trailing comma, CRLF,
  // character literals and digit separators elsewhere, an apostrophe in a directive.
  const auto source = parse(
      "#include <retort/migration.hpp>\r\n"
      "#if 0\r\n#error don't build this\r\n#endif\r\n"
      "RETORT_MIGRATION({.revision{\"r1\"}, .down_revision{}, .message = {R\"x(a \"raw\" \\n)x\"}"
      "});\r\n"
      "static const char quote = '\"'; static const char brace = '{';\r\n"
      "static const int big = 1'000'000;\r\n"
      "retort::operations upgrade() { return {}; }\r\n"
      "retort::operations downgrade() { return {}; }\r\n");
  EXPECT_EQ(source.revision, "r1");
  EXPECT_TRUE(source.down_revision.empty());
  EXPECT_EQ(source.message, "a \"raw\" \\n");
  EXPECT_TRUE(source.transactional);
  EXPECT_EQ(source.line, 5);
}

TEST(scaffold_reader, finds_the_span_of_the_header_among_decoys) {
  const std::string header =
      "RETORT_MIGRATION({.revision = \"r1\", .down_revision = {\"r0\"}, "
      ".message = \"a ; and ) inside\"});";
  const std::string text =
      "// RETORT_MIGRATION({.revision = \"x\"});\n"
      "#include <retort/migration.hpp>\n" +
      header + "\nstatic const char* s = \"RETORT_MIGRATION(;)\";\n";

  const auto span = header_span(text, file_name);

  EXPECT_EQ(text.substr(span.begin, span.end - span.begin), header);
}

TEST(scaffold_reader, refuses_a_file_without_a_header) {
  auto e = refusal_of("#include <retort/migration.hpp>\n// RETORT_MIGRATION({...})\n", 1);
  EXPECT_THAT(e.reason(), HasSubstr("no RETORT_MIGRATION header"));
}

TEST(scaffold_reader, refuses_two_headers) {
  auto e = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = \"m\"});\n"
                                     "RETORT_MIGRATION({.revision = \"b\", .message = \"m\"});"),
                      4);
  EXPECT_THAT(e.reason(), HasSubstr("a second RETORT_MIGRATION header (the first is at line 3)"));
}

TEST(scaffold_reader, refuses_an_unknown_field) {
  auto e = refusal_of(migration_with("RETORT_MIGRATION({\n    .revision = \"a\",\n"
                                     "    .mesage = \"typo\",\n});"),
                      5);
  EXPECT_THAT(e.reason(), HasSubstr("unknown field `.mesage`"));
}

TEST(scaffold_reader, refuses_a_value_that_is_not_a_literal) {
  auto e = refusal_of(migration_with("RETORT_MIGRATION({\n    .revision = kRevision,\n"
                                     "    .message = \"m\",\n});"),
                      4);
  EXPECT_THAT(e.reason(), HasSubstr("`.revision` must be a string literal, found `kRevision`"));

  auto call = refusal_of(
      migration_with("RETORT_MIGRATION({.revision = \"a\",\n.message = make(\"m\")});"), 4);
  EXPECT_THAT(call.reason(), HasSubstr("`.message` must be a string literal"));

  auto list =
      refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n.down_revision = \"b\",\n"
                                ".message = \"m\"});"),
                 4);
  EXPECT_THAT(list.reason(), HasSubstr("`.down_revision` must be a braced list"));

  auto entry = refusal_of(
      migration_with("RETORT_MIGRATION({.revision = \"a\",\n.down_revision = {kParent},\n"
                     ".message = \"m\"});"),
      4);
  EXPECT_THAT(entry.reason(), HasSubstr("`.down_revision`: expected a string literal"));
  EXPECT_THAT(entry.reason(), HasSubstr("found `kParent`"));

  auto flag = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = \"m\",\n"
                                        ".transactional = 0});"),
                         4);
  EXPECT_THAT(flag.reason(), HasSubstr("`.transactional` must be `true` or `false`"));

  auto wide = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                        ".message = u8\"m\"});"),
                         4);
  EXPECT_THAT(wide.reason(), HasSubstr("not a u8 literal"));

  auto positional = refusal_of(migration_with("RETORT_MIGRATION({\"a\", {}, \"m\"});"), 3);
  EXPECT_THAT(positional.reason(), HasSubstr("expected a designated field"));
}

TEST(scaffold_reader, refuses_fields_out_of_order_or_twice) {
  auto order = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                         ".message = \"m\",\n.down_revision = {}});"),
                          5);
  EXPECT_THAT(order.reason(), HasSubstr("`.down_revision` must come before `.message`"));
  auto twice = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                         ".message = \"m\",\n.message = \"n\"});"),
                          5);
  EXPECT_THAT(twice.reason(), HasSubstr("`.message` is given twice (first at line 4)"));
}

TEST(scaffold_reader, refuses_unbalanced_braces) {
  auto unclosed = refusal_of(migration_with("RETORT_MIGRATION({\n    .revision = \"a\",\n"
                                            "    .down_revision = {\"b\",\n"
                                            "    .message = \"m\",\n});"),
                             6);
  EXPECT_THAT(unclosed.reason(),
              HasSubstr("the `}` that closes the list opened at line 5, found `.`"));
  auto stray =
      refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = \"m\"});\n}"), 4);
  EXPECT_THAT(stray.reason(), HasSubstr("`}` closes nothing"));
  auto never =
      refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = \"m\"});\n"
                                "namespace {\n"),
                 4);
  EXPECT_THAT(never.reason(), HasSubstr("this `{` is never closed"));
}

TEST(scaffold_reader, refuses_bad_escapes_and_unterminated_literals) {
  auto escape = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                          ".message = \"bad \\q escape\"});"),
                           4);
  EXPECT_THAT(escape.reason(), HasSubstr("bad escape sequence \\q"));
  auto hex = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                       ".message = \"\\x1ff\"});"),
                        4);
  EXPECT_THAT(hex.reason(), HasSubstr("out of range"));
  auto ucn = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                       ".message = \"\\u12\"});"),
                        4);
  EXPECT_THAT(ucn.reason(), HasSubstr("exactly 4 hexadecimal digits"));
  auto unterminated = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                                ".message = \"no end});\n"),
                                 4);
  EXPECT_THAT(unterminated.reason(), HasSubstr("unterminated string literal"));
  auto comment =
      refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = \"m\"});"
                                "\n/* never\nclosed"),
                 4);
  EXPECT_THAT(comment.reason(), HasSubstr("unterminated /* comment"));
  auto raw = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                       ".message = R\"x(never closed)\"});"),
                        4);
  EXPECT_THAT(raw.reason(), HasSubstr("unterminated raw string literal"));
}

TEST(scaffold_reader, checks_ids_and_message_as_the_compiler_does) {
  auto id = refusal_of(migration_with("RETORT_MIGRATION({\n.revision = \"9c1e-7a90\",\n"
                                      ".message = \"m\"});"),
                       4);
  EXPECT_THAT(id.reason(), HasSubstr("\"9c1e-7a90\" is not a valid id"));
  auto label = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = \"m\",\n"
                                         ".branch_labels = {\"has space\"}});"),
                          4);
  EXPECT_THAT(label.reason(), HasSubstr("an entry of `.branch_labels` \"has space\""));
  auto empty = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                         ".message = \"\"});"),
                          4);
  EXPECT_THAT(empty.reason(), HasSubstr("`.message` is empty"));
  auto no_revision = refusal_of(migration_with("RETORT_MIGRATION({.message = \"m\"});"), 3);
  EXPECT_THAT(no_revision.reason(), HasSubstr("no `.revision`"));
  auto no_message = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\"});"), 3);
  EXPECT_THAT(no_message.reason(), HasSubstr("no `.message`"));
  auto itself = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\",\n"
                                          ".down_revision = {\"a\"}, .message = \"m\"});"),
                           3);
  EXPECT_THAT(itself.reason(), HasSubstr("names itself as its down_revision"));
}

TEST(scaffold_reader, refuses_what_it_cannot_follow) {
  auto directive = refusal_of(
      "#include <retort/migration.hpp>\n"
      "#define HEADER RETORT_MIGRATION({.revision = \"a\"})\n"
      "RETORT_MIGRATION({.revision = \"a\", .message = \"m\"});\n",
      2);
  EXPECT_THAT(directive.reason(), HasSubstr("inside a preprocessor directive"));
  auto semicolon = refusal_of(migration_with("RETORT_MIGRATION({.revision = \"a\", .message = "
                                             "\"m\"})\nstatic int x;"),
                              4);
  EXPECT_THAT(semicolon.reason(), HasSubstr("expected `;` after RETORT_MIGRATION(...)"));
}

TEST(scaffold_reader, an_unreadable_file_is_named) {
  try {
    (void)read_migration_file("/nonexistent/retort/x.cpp");
    ADD_FAILURE() << "no error";
  } catch (const source_error& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/retort/x.cpp: cannot open the file");
  }
}

// The graph built from sources names the files when the history is inconsistent.
class scaffold_reader_graph : public ::testing::Test {
 protected:
  void add(const std::string& name, const std::string& header) {
    testing::write_file(dir_ / name, migration_with(header));
  }
  std::string graph_error_message() {
    try {
      (void)make_graph(read_version_locations({dir_}));
    } catch (const graph_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "the graph was accepted";
    return {};
  }
  std::filesystem::path dir_ = testing::fresh_directory();
};

TEST_F(scaffold_reader_graph, a_duplicate_id_names_both_files) {
  add("a.cpp", R"(RETORT_MIGRATION({.revision = "aaaa01", .message = "m"});)");
  add("sub/b.cpp", R"(RETORT_MIGRATION({.revision = "aaaa01", .message = "m"});)");
  auto message = graph_error_message();
  EXPECT_THAT(message, HasSubstr((dir_ / "a.cpp").string()));
  EXPECT_THAT(message, HasSubstr((dir_ / "sub/b.cpp").string()));
}

TEST_F(scaffold_reader_graph, a_missing_parent_names_the_file) {
  add("a.cpp", R"(RETORT_MIGRATION({.revision = "aaaa01", .message = "m"});)");
  add("b.cpp",
      R"(RETORT_MIGRATION({.revision = "bbbb02", .down_revision = {"zzzz99"}, .message = "m"});)");
  auto message = graph_error_message();
  EXPECT_THAT(message, HasSubstr("zzzz99"));
  EXPECT_THAT(message, HasSubstr((dir_ / "b.cpp").string()));
}

TEST_F(scaffold_reader_graph, a_cycle_is_reported) {
  add("a.cpp", R"(RETORT_MIGRATION({.revision = "base01", .message = "m"});)");
  add("b.cpp",
      R"(RETORT_MIGRATION({.revision = "bbbb02", .down_revision = {"cccc03"}, .message = "m"});)");
  add("c.cpp",
      R"(RETORT_MIGRATION({.revision = "cccc03", .down_revision = {"bbbb02"}, .message = "m"});)");
  auto message = graph_error_message();
  EXPECT_THAT(message, HasSubstr("cycle"));
  EXPECT_THAT(message, HasSubstr("bbbb02"));
  EXPECT_THAT(message, HasSubstr("cccc03"));
}

TEST_F(scaffold_reader_graph, a_broken_file_stops_the_read_with_its_name) {
  add("a.cpp", R"(RETORT_MIGRATION({.revision = "aaaa01", .message = "m"});)");
  testing::write_file(dir_ / "b.cpp", "// nothing here\n");
  testing::write_file(dir_ / "notes.txt", "not a source");
  try {
    (void)read_version_locations({dir_});
    ADD_FAILURE() << "accepted";
  } catch (const source_error& e) {
    EXPECT_EQ(e.file(), dir_ / "b.cpp");
  }
}

TEST(scaffold_reader, a_missing_versions_directory_is_a_configuration_error) {
  EXPECT_THROW((void)read_version_locations({"/nonexistent/retort/versions"}), config_error);
}

}  // namespace
}  // namespace retort::scaffold
