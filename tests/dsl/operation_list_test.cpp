// What a migration's `return {...};` builds: the braced list of operations, the list arguments of
// the op:: functions, and the cells of a bulk insert.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/op.hpp>
#include <retort/operations.hpp>

namespace {

namespace op = retort::op;
namespace ops = retort::ops;
using namespace std::string_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(operation_list, holds_temporaries_named_operations_and_variants_in_order) {
  const auto named = op::drop_table("old_prices");
  const retort::operation as_variant = op::execute("ANALYZE");

  retort::operations list{op::create_table("prices", {op::column("sku", op::type::text())}), named,
                          as_variant, op::execute("SELECT 1")};

  ASSERT_EQ(list.size(), 4U);
  EXPECT_EQ(std::get<ops::create_table>(list[0]).name, "prices");
  EXPECT_EQ(std::get<ops::drop_table>(list[1]), named);
  EXPECT_EQ(list[2], as_variant);
  EXPECT_EQ(std::get<ops::execute>(list[3]).sql, "SELECT 1");
}

TEST(operation_list, copies_what_is_named_and_leaves_it_as_it_was) {
  auto named = op::execute("UPDATE products SET price = price * 1.1");
  retort::operation as_variant = op::execute("VACUUM");

  retort::operations list{named, as_variant};

  EXPECT_EQ(named.sql, "UPDATE products SET price = price * 1.1");
  EXPECT_EQ(std::get<ops::execute>(as_variant).sql, "VACUUM");
  EXPECT_EQ(std::get<ops::execute>(list[0]), named);
}

TEST(operation_list, is_empty_from_empty_braces_and_a_vector_of_operations_converts) {
  retort::operations none = {};
  EXPECT_THAT(none, IsEmpty());

  std::vector<retort::operation> built{op::execute("a"), op::execute("b")};
  retort::operations from_vector = built;
  EXPECT_EQ(from_vector.size(), 2U);
  retort::operations from_range(built.begin() + 1, built.end());
  EXPECT_THAT(from_range, ElementsAre(retort::operation{op::execute("b")}));
}

TEST(operation_list, append_adds_at_the_end_as_the_list_constructor_takes_them) {
  const auto named = op::execute("SELECT 2");
  retort::operations list{op::execute("SELECT 1")};

  list.append({named, op::execute("SELECT 3")});
  list.append({});

  EXPECT_THAT(list,
              ElementsAre(retort::operation{op::execute("SELECT 1")}, retort::operation{named},
                          retort::operation{op::execute("SELECT 3")}));
}

TEST(operation_list, append_copies_operations_of_the_same_list_before_it_grows) {
  retort::operations list{op::execute("SELECT 1")};
  list.shrink_to_fit();

  list.append({list[0], list[0]});

  EXPECT_THAT(list, ElementsAre(retort::operation{op::execute("SELECT 1")},
                                retort::operation{op::execute("SELECT 1")},
                                retort::operation{op::execute("SELECT 1")}));
}

TEST(operation_list, extend_adds_another_lists_operations_in_order) {
  auto other_upgrade = [] {
    return retort::operations{op::execute("SELECT 2"), op::execute("SELECT 3")};
  };
  retort::operations list{op::execute("SELECT 1")};

  list.extend(other_upgrade());
  list.extend({});

  EXPECT_THAT(list, ElementsAre(retort::operation{op::execute("SELECT 1")},
                                retort::operation{op::execute("SELECT 2")},
                                retort::operation{op::execute("SELECT 3")}));
}

TEST(list_arguments, a_vector_gives_the_same_operation_as_a_braced_list) {
  std::vector<ops::column_definition> columns{op::column("id", op::type::bigint()),
                                              op::column("name", op::type::text())};
  std::vector<ops::constraint_definition> constraints{op::primary_key({"id"})};
  std::vector<retort::name> key{"id"};

  EXPECT_EQ(op::create_table("t", columns, constraints),
            op::create_table(
                "t", {op::column("id", op::type::bigint()), op::column("name", op::type::text())},
                {op::primary_key({"id"})}));
  EXPECT_EQ(op::create_primary_key("t_pkey", "t", key),
            op::create_primary_key("t_pkey", "t", {"id"}));
  EXPECT_EQ(op::create_index("ix", "t", std::vector<op::index_key>{"name"}),
            op::create_index("ix", "t", {"name"}));
}

TEST(bulk_insert_cells, become_the_values_they_were_written_as) {
  const std::string with_nul = "a\0b"s;
  const short small = 3;
  const ops::value whole = std::int64_t{42};

  auto insert = op::bulk_insert(
      "t", {"a", "b", "c", "d", "e", "f", "g", "h", "i"},
      {{nullptr, true, 7, 2.5, "text", with_nul, std::string_view("view"), small, whole}});

  ASSERT_EQ(insert.rows.size(), 1U);
  EXPECT_THAT(
      insert.rows[0],
      ElementsAre(ops::value{nullptr}, ops::value{true}, ops::value{std::int64_t{7}},
                  ops::value{2.5}, ops::value{"text"s}, ops::value{with_nul}, ops::value{"view"s},
                  ops::value{std::int64_t{3}}, ops::value{std::int64_t{42}}));
  EXPECT_EQ(std::get<std::string>(insert.rows[0][5]).size(), 3U);
}

TEST(bulk_insert_cells, an_unscoped_enumerator_is_its_number) {
  enum colour { red = 1, white = 2 };
  EXPECT_THAT(op::bulk_insert("t", {"c"}, {{white}}).rows[0],
              ElementsAre(ops::value{std::int64_t{2}}));
}

TEST(bulk_insert_cells, rows_built_as_values_give_the_same_operation) {
  std::vector<std::vector<ops::value>> rows{{std::int64_t{1}, "one"s}, {std::int64_t{2}, nullptr}};

  EXPECT_EQ(op::bulk_insert("t", {"id", "name"}, rows),
            op::bulk_insert("t", {"id", "name"}, {{1, "one"}, {2, nullptr}}));
  EXPECT_THAT(op::bulk_insert("t", {"id"}, {}).rows, IsEmpty());
}

TEST(bulk_insert_cells, a_row_of_the_wrong_width_names_the_table_and_both_counts) {
  try {
    auto insert = op::bulk_insert("products", {"sku", "name"}, {{"RIO"}});
    FAIL() << "built a row of " << insert.rows[0].size() << " values";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("bulk_insert into products: a row has 1 values for 2 columns"));
  }
}

}  // namespace
