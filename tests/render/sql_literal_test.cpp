// Literals and inlined parameters for offline scripts: exact text, no database. That PostgreSQL
// reads them back as the same values is checked in tests/offline (psql against a server).
#include "render/sql_literal.hpp"

#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/error_of.hpp"

namespace retort::render {
namespace {

using testing::error_of;
using ::testing::HasSubstr;
using namespace std::string_literals;

TEST(sql_literal, null_is_the_keyword_and_empty_text_is_an_empty_string) {
  EXPECT_EQ(sql_literal(std::nullopt), "NULL");
  EXPECT_EQ(sql_literal(""), "''");
  EXPECT_EQ(sql_literal("NULL"), "'NULL'");
}

TEST(sql_literal, single_quotes_are_doubled) {
  EXPECT_EQ(sql_literal("it's"), "'it''s'");
  EXPECT_EQ(sql_literal("'"), "''''");
  EXPECT_EQ(sql_literal("'); DROP TABLE x; --"), "'''); DROP TABLE x; --'");
}

// With a backslash, E'' reads the same whatever standard_conforming_strings is.
TEST(sql_literal, backslashes_use_an_escape_string_with_backslashes_doubled) {
  EXPECT_EQ(sql_literal("a\\b"), "E'a\\\\b'");
  EXPECT_EQ(sql_literal("\\"), "E'\\\\'");
  EXPECT_EQ(sql_literal("\\'"), "E'\\\\'''");
  EXPECT_EQ(sql_literal("\\x00ff"), "E'\\\\x00ff'");
}

TEST(sql_literal, other_bytes_pass_through_unchanged) {
  EXPECT_EQ(sql_literal("Zoë ünïcode ✓"), "'Zoë ünïcode ✓'");
  EXPECT_EQ(sql_literal("two\nlines\r\ttab"), "'two\nlines\r\ttab'");
  EXPECT_EQ(sql_literal("\"$1\" $$ -- /*"), "'\"$1\" $$ -- /*'");
}

TEST(sql_literal, a_nul_byte_is_refused) {
  EXPECT_THAT(error_of<error>([] { (void)sql_literal("a\0b"s); }), HasSubstr("NUL byte"));
}

TEST(inline_parameters, a_statement_without_parameters_is_unchanged) {
  sql_statement s{"SELECT '$1', $1 -- text"};
  EXPECT_EQ(inline_parameters(s), s.sql);
}

TEST(inline_parameters, placeholders_become_literals_in_any_order_and_repeated) {
  EXPECT_EQ(inline_parameters({"UPDATE t SET v = $1 WHERE v = $2", {"new", "o'ld"}}),
            "UPDATE t SET v = 'new' WHERE v = 'o''ld'");
  EXPECT_EQ(inline_parameters({"SELECT $2, $1, $2", {std::nullopt, "x"}}), "SELECT 'x', NULL, 'x'");
  std::vector<std::optional<std::string>> many;
  std::string sql = "VALUES (";
  for (int i = 1; i <= 12; ++i) {
    many.emplace_back(std::to_string(i));
    sql += (i == 1 ? "$" : ", $") + std::to_string(i);
  }
  EXPECT_EQ(inline_parameters({sql + ")", many}),
            "VALUES ('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12')");
}

// Only the lexer's placeholders are replaced; the same text elsewhere means itself.
TEST(inline_parameters, dollar_digits_inside_names_strings_and_comments_stay) {
  EXPECT_EQ(inline_parameters({"INSERT INTO \"a$1\"\"b\" (\"$2\") VALUES ($1)", {"v"}}),
            "INSERT INTO \"a$1\"\"b\" (\"$2\") VALUES ('v')");
  EXPECT_EQ(inline_parameters({"SELECT '$1''$1', E'\\'$1', $1", {"v"}}),
            "SELECT '$1''$1', E'\\'$1', 'v'");
  EXPECT_EQ(inline_parameters({"SELECT $$ $1 $$, $q$ $1 $$ $q$, $1", {"v"}}),
            "SELECT $$ $1 $$, $q$ $1 $$ $q$, 'v'");
  EXPECT_EQ(inline_parameters({"SELECT a$1, $1 -- $1\n/* $1 /* $1 */ */", {"v"}}),
            "SELECT a$1, 'v' -- $1\n/* $1 /* $1 */ */");
}

TEST(inline_parameters, a_missing_or_unused_parameter_is_refused) {
  EXPECT_THAT(error_of<error>([] {
                (void)inline_parameters({"SELECT $2", {"a"}});
              }),
              HasSubstr("refers to $2 but the statement has 1 parameters"));
  EXPECT_THAT(error_of<error>([] {
                (void)inline_parameters({"SELECT $0", {"a"}});
              }),
              HasSubstr("refers to $0"));
  EXPECT_THAT(error_of<error>([] {
                (void)inline_parameters({"SELECT $1", {"a", "b"}});
              }),
              HasSubstr("never uses parameter $2"));
}

TEST(script_statement, ends_with_a_semicolon_after_inlining) {
  EXPECT_EQ(script_statement({"INSERT INTO t (v) VALUES ($1)", {"a\\b"}}),
            "INSERT INTO t (v) VALUES (E'a\\\\b');");
  EXPECT_EQ(script_statement({"CREATE TABLE t ()"}), "CREATE TABLE t ();");
}

TEST(script_statement, a_trailing_line_comment_gets_the_semicolon_on_its_own_line) {
  EXPECT_EQ(script_statement({"SELECT 1 -- done"}), "SELECT 1 -- done\n;");
  EXPECT_EQ(script_statement({"SELECT 1 -- done\n"}), "SELECT 1 -- done\n;");
  EXPECT_EQ(script_statement({"SELECT '--'"}), "SELECT '--';");
}

TEST(script_statement, text_that_would_swallow_the_rest_of_a_script_is_refused) {
  for (std::string sql : {"SELECT 'open", "SELECT \"open", "SELECT $$ open", "SELECT /* open",
                          "SELECT /* /* */", "SELECT E'open\\'"}) {
    EXPECT_THAT(error_of<error>([&] { (void)script_statement({sql}); }),
                HasSubstr("ends inside a string, quoted name or comment"))
        << sql;
  }
}

// PostgreSQL rejects a backslash outside quotes; psql would run it as a meta-command.
TEST(script_statement, a_backslash_outside_quotes_is_refused) {
  EXPECT_THAT(error_of<error>([] { (void)script_statement({"SELECT 1 \\! rm -rf /"}); }),
              HasSubstr("backslash outside quotes at offset 9; psql would run it"));
  EXPECT_EQ(script_statement({"SELECT '\\', E'\\\\', \"\\\", $$\\$$ -- \\"}),
            "SELECT '\\', E'\\\\', \"\\\", $$\\$$ -- \\\n;");
}

// A script is written by appending each statement to it; a refused one leaves it as it was.
TEST(script_statement, appends_to_a_script_and_a_refusal_leaves_it_as_it_was) {
  std::string script = "BEGIN;\n\n";
  append_script_statement(script, {"INSERT INTO t (v) VALUES ($1, $2)", {"it's", std::nullopt}});
  EXPECT_EQ(script, "BEGIN;\n\nINSERT INTO t (v) VALUES ('it''s', NULL);");
  const auto before = script;
  for (const sql_statement& refused :
       {sql_statement{"SELECT 'open"}, sql_statement{"SELECT $1 \\! ls", {"x"}},
        sql_statement{"SELECT $2", {"a"}}, sql_statement{"SELECT $1", {std::string("a\0b", 3)}}}) {
    EXPECT_THROW(append_script_statement(script, refused), error) << refused.sql;
    EXPECT_EQ(script, before) << refused.sql;
  }
  EXPECT_THAT(error_of<error>([&] {
                append_script_statement(script, {"SELECT $1 \\! ls", {"x"}});
              }),
              HasSubstr("backslash outside quotes at offset 11"));
}

}  // namespace
}  // namespace retort::render
