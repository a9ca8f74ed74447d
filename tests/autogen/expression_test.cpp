// Expressions as an author writes them against what PostgreSQL prints back. No database.
#include "model/expression.hpp"

#include <cctype>
#include <ostream>

#include <gtest/gtest.h>

namespace retort::model {
namespace {

struct spelling {
  const char* written;
  const char* printed;  // by pg_get_expr / pg_get_constraintdef on PostgreSQL 15
};

// Test names come from the printed parameter: the written spelling, in letters, digits and `_`,
// instead of the bytes of two pointers (a new name on every build).
void PrintTo(const spelling& s, std::ostream* out) {
  for (const char* c = s.written; *c != '\0'; ++c) {
    *out << (std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_');
  }
}

class same_expression : public ::testing::TestWithParam<spelling> {};

TEST_P(same_expression, normalises_alike) {
  EXPECT_EQ(normalise_expression(GetParam().written), normalise_expression(GetParam().printed));
}

INSTANTIATE_TEST_SUITE_P(
    postgresql, same_expression,
    ::testing::Values(
        spelling{"price >= 0", "(price >= (0)::numeric)"}, spelling{"'FR'", "'FR'::bpchar"},
        spelling{"'{}'", "'{}'::text[]"},
        spelling{"nextval('order_numbers')", "nextval('order_numbers'::regclass)"},
        spelling{"quantity > 0 AND quantity < 1000", "((quantity > 0) AND (quantity < 1000))"},
        spelling{"country = upper(country)", "((country)::text = upper((country)::text))"},
        spelling{"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"}, spelling{"TRUE", "true"},
        spelling{"\"Name\" = 'x'", "(\"Name\" = 'x'::text)"}, spelling{"\"active\"", "active"},
        spelling{"'{}'::jsonb", "'{}'::jsonb"}));

TEST(expression, tells_different_expressions_apart) {
  EXPECT_NE(normalise_expression("price > 0"), normalise_expression("price > 1"));
  EXPECT_NE(normalise_expression("lower(name)"), normalise_expression("upper(name)"));
  EXPECT_NE(normalise_expression("'a b'"), normalise_expression("'a  b'"))
      << "string literals are kept as written";
  EXPECT_NE(normalise_expression("\"Name\""), normalise_expression("name"))
      << "a quoted mixed-case name is another name";
}

TEST(expression, keeps_the_parentheses_of_calls_and_lists) {
  EXPECT_EQ(normalise_expression("a IN (1, 2)"), "a in ( 1 , 2 )");
  EXPECT_EQ(normalise_expression("now()"), "now ( )");
}

}  // namespace
}  // namespace retort::model
