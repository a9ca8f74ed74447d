// SQL text read with PostgreSQL's own grammar: statements and their text, or where it fails.
#include "sql_parse/parse_tree.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retort::sql_parse {
namespace {

using ::testing::HasSubstr;

TEST(parse_tree, splits_statements_where_the_grammar_does) {
  auto tree = parse_tree::of(
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
      "  INSERT INTO t VALUES (';');  -- a comment; with a semicolon\n"
      "COMMIT",
      nullptr);
  ASSERT_TRUE(tree);
  ASSERT_EQ(tree->size(), 3u);
  EXPECT_EQ(tree->text(0), "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$");
  EXPECT_EQ(tree->text(1), "INSERT INTO t VALUES (';')");
  EXPECT_THAT(std::string(tree->text(2)), HasSubstr("COMMIT"));
  EXPECT_EQ(tree->statement(2).node_case, PG_QUERY__NODE__NODE_TRANSACTION_STMT);
}

TEST(parse_tree, a_syntax_error_says_what_and_where) {
  syntax_error error;
  EXPECT_FALSE(parse_tree::of("SELECT 1; SELEC 2", &error));
  EXPECT_THAT(error.message, HasSubstr("syntax error"));
  EXPECT_EQ(error.offset, 10);
}

TEST(parse_tree, empty_text_has_no_statements) {
  auto tree = parse_tree::of("  -- nothing\n;", nullptr);
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->size(), 0u);
}

}  // namespace
}  // namespace retort::sql_parse
