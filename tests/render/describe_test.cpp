// describe() names an operation the way every error message and listing opens; change_sign()
// puts the `+`/`-`/`~` margin of `retort check` and `retort plan` beside that name.
#include "render/describe.hpp"

#include <retort/op.hpp>

#include <gtest/gtest.h>

namespace retort::render {
namespace {

namespace type = op::type;

TEST(describe, names_the_kind_and_the_schema_qualified_object) {
  EXPECT_EQ(describe(op::drop_column("products", "alcohol", {.schema = "sales"})),
            "drop_column sales.products.alcohol");
  EXPECT_EQ(describe(op::add_column("products", op::column("vintage", type::integer()))),
            "add_column products.vintage");
}

TEST(change_sign, marks_what_is_created_or_inserted_with_a_plus) {
  EXPECT_EQ(change_sign(describe(op::create_table("t", {op::column("a", type::integer())}))), '+');
  EXPECT_EQ(change_sign(describe(op::add_column("t", op::column("b", type::text())))), '+');
  EXPECT_EQ(change_sign(describe(op::bulk_insert("t", {"a"}, {{1}}))), '+');
}

TEST(change_sign, marks_what_is_dropped_with_a_minus) {
  EXPECT_EQ(change_sign(describe(op::drop_column("t", "b"))), '-');
  EXPECT_EQ(change_sign(describe(op::drop_table("t"))), '-');
}

TEST(change_sign, marks_everything_else_as_a_change) {
  EXPECT_EQ(change_sign(describe(op::alter_column("t", "a", {.nullable = false}))), '~');
  EXPECT_EQ(change_sign(describe(op::execute("VACUUM t"))), '~');
  EXPECT_EQ(change_sign(""), '~');
}

}  // namespace
}  // namespace retort::render
