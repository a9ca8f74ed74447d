// Model against model, no database: which operations, in which order, carrying what.
#include "autogen/compare.hpp"

#include <retort/errors.hpp>
#include <retort/reverse.hpp>

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/rich_model.hpp"
#include "render/describe.hpp"

namespace retort::autogen {
namespace {

namespace type = op::type;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> described(const operations& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(render::describe(op));
  }
  return out;
}

std::size_t position(const std::vector<std::string>& list, const std::string& item) {
  auto it = std::find(list.begin(), list.end(), item);
  EXPECT_NE(it, list.end()) << item;
  return static_cast<std::size_t>(it - list.begin());
}

model::schema two_tables() {
  model::schema s;
  s.table("producers").column("id", type::integer(), {.primary_key = true});
  s.table("products")
      .column("id", type::integer(), {.primary_key = true})
      .column("producer_id", type::integer())
      .column("name", type::text())
      .foreign_key({"producer_id"}, "producers", {"id"});
  return s;
}

TEST(compare, a_model_against_itself_needs_nothing) {
  auto result = compare(testing::rich_model(), testing::rich_model());
  EXPECT_THAT(described(result.upgrade), IsEmpty());
  EXPECT_THAT(result.notes, IsEmpty());
}

TEST(compare, creates_in_dependency_order) {
  auto ops = described(compare(testing::rich_model(), {}).upgrade);
  EXPECT_LT(position(ops, "create_schema audit"), position(ops, "create_table audit.events"));
  EXPECT_LT(position(ops, "create_extension pg_trgm"),
            position(ops, "create_index ix_products_name_trgm on products"));
  EXPECT_LT(position(ops, "create_enum wine_colour"), position(ops, "create_table products"));
  EXPECT_LT(position(ops, "create_sequence order_numbers"),
            position(ops, "create_table order_lines"));
  EXPECT_LT(position(ops, "create_table producers"), position(ops, "create_table products"));
  EXPECT_LT(position(ops, "create_table products"), position(ops, "create_table order_lines"));
}

TEST(compare, drops_in_reverse_order_and_carries_what_existed) {
  auto result = compare({}, testing::rich_model());
  auto ops = described(result.upgrade);
  EXPECT_LT(position(ops, "drop_index ix_products_name_trgm"),
            position(ops, "drop_table products"));
  EXPECT_LT(position(ops, "drop_table order_lines"), position(ops, "drop_table products"));
  EXPECT_LT(position(ops, "drop_table products"), position(ops, "drop_table producers"));
  EXPECT_LT(position(ops, "drop_table products"), position(ops, "drop_enum wine_colour"));
  EXPECT_LT(position(ops, "drop_index ix_products_name_trgm"),
            position(ops, "drop_extension pg_trgm"));
  EXPECT_EQ(ops.back(), "drop_schema audit");
  // Every drop can be reversed: the downgrade recreates the model.
  EXPECT_NO_THROW((void)reverse(result.upgrade));
}

TEST(compare, every_generated_operation_of_a_new_schema_has_a_reverse) {
  auto upgrade = compare(testing::rich_model(), {}).upgrade;
  EXPECT_NO_THROW((void)reverse(upgrade));
}

TEST(compare, a_changed_column_is_one_alter_with_what_it_was) {
  auto before = two_tables();
  auto after = two_tables();
  auto& name = after.tables.at(1).columns.at(2);
  name.type = type::varchar(80);
  name.nullable = false;
  name.server_default = "'x'";
  auto result = compare(after, before);
  ASSERT_EQ(result.upgrade.size(), 1U);
  const auto& alter = std::get<ops::alter_column>(result.upgrade[0]);
  EXPECT_EQ(alter.type, type::varchar(80));
  EXPECT_EQ(alter.existing_type, type::text());
  EXPECT_EQ(alter.nullable, false);
  EXPECT_EQ(alter.existing_nullable, true);
  EXPECT_EQ(alter.server_default, std::optional<std::optional<std::string>>("'x'"));
  EXPECT_EQ(alter.existing_server_default, std::optional<std::optional<std::string>>(std::in_place))
      << "engaged: the column had no default";
  auto back = std::get<ops::alter_column>(reverse(result.upgrade[0]));
  EXPECT_EQ(back.type, type::text());
}

TEST(compare, a_default_spelled_as_postgresql_prints_it_is_no_change) {
  auto before = two_tables();
  auto after = two_tables();
  before.tables.at(1).columns.at(2).server_default = "'x'::text";
  after.tables.at(1).columns.at(2).server_default = "'x'";
  EXPECT_THAT(compare(after, before).upgrade, IsEmpty());
}

TEST(compare, a_new_enum_label_is_added_in_place_and_a_removed_one_is_reported) {
  model::schema before;
  before.enum_type("mood", {"happy", "sad"});
  model::schema after;
  after.enum_type("mood", {"calm", "happy", "meh", "sad", "angry"});
  auto result = compare(after, before);
  ASSERT_EQ(result.upgrade.size(), 3U);
  EXPECT_EQ(std::get<ops::add_enum_value>(result.upgrade[0]).before, "happy");
  EXPECT_EQ(std::get<ops::add_enum_value>(result.upgrade[1]).after, "happy");
  EXPECT_EQ(std::get<ops::add_enum_value>(result.upgrade[2]).after, "sad");
  EXPECT_THROW((void)reverse(result.upgrade[0]), irreversible_operation);

  auto removal = compare(before, after);
  EXPECT_THAT(removal.upgrade, IsEmpty());
  ASSERT_EQ(removal.notes.size(), 1U);
  EXPECT_THAT(removal.notes[0], HasSubstr("enum type mood: labels were removed or reordered"));
}

model::schema order_lines(std::optional<std::string> amount_generated) {
  model::schema s;
  s.table("order_lines")
      .column("quantity", type::integer())
      .column("price", type::numeric(10, 2))
      .column("amount", type::numeric(12, 2), {.generated = std::move(amount_generated)});
  return s;
}

TEST(compare, a_new_generated_column_is_added_with_its_expression) {
  model::schema before;
  before.table("order_lines")
      .column("quantity", type::integer())
      .column("price", type::numeric(10, 2));
  auto result = compare(order_lines("quantity * price"), before);
  ASSERT_EQ(result.upgrade.size(), 1U);
  EXPECT_EQ(std::get<ops::add_column>(result.upgrade[0]).column.generated, "quantity * price");
  EXPECT_THAT(result.notes, IsEmpty());
}

TEST(compare, a_generation_that_cannot_change_in_place_is_a_note_not_an_operation) {
  auto changed = compare(order_lines("quantity * price * 2"), order_lines("quantity * price"));
  EXPECT_THAT(changed.upgrade, IsEmpty());
  EXPECT_THAT(changed.notes,
              ElementsAre(HasSubstr("column order_lines.amount: its generation expression "
                                    "differs (quantity * price in the database, quantity * "
                                    "price * 2 in the model)")));

  auto plain_in_model = compare(order_lines(std::nullopt), order_lines("quantity * price"));
  EXPECT_THAT(plain_in_model.upgrade, IsEmpty());
  EXPECT_THAT(plain_in_model.notes,
              ElementsAre(HasSubstr("column order_lines.amount is generated in the database "
                                    "(quantity * price) and not in the model")));

  auto generated_in_model = compare(order_lines("quantity * price"), order_lines(std::nullopt));
  EXPECT_THAT(generated_in_model.upgrade, IsEmpty());
  EXPECT_THAT(generated_in_model.notes,
              ElementsAre(HasSubstr("column order_lines.amount is generated in the model")));
}

TEST(compare, without_a_rename_a_drop_and_an_add_that_look_alike_get_a_hint) {
  auto before = two_tables();
  auto after = two_tables();
  after.tables.at(1).columns.at(2).name = "title";
  auto result = compare(after, before);
  EXPECT_THAT(described(result.upgrade),
              ElementsAre("add_column products.title", "drop_column products.name"));
  ASSERT_EQ(result.notes.size(), 1U);
  EXPECT_THAT(result.notes[0], HasSubstr("--rename products.name:products.title"));
}

TEST(compare, an_explicit_column_rename_renames_and_keeps_the_data) {
  auto before = two_tables();
  auto after = two_tables();
  after.tables.at(1).columns.at(2).name = "title";
  compare_options options;
  parse_rename("products.name:products.title", after, options);
  auto result = compare(after, before, options);
  ASSERT_EQ(result.upgrade.size(), 1U);
  const auto& rename = std::get<ops::alter_column>(result.upgrade[0]);
  EXPECT_EQ(rename.column, "name");
  EXPECT_EQ(rename.new_name, "title");
  EXPECT_THAT(result.notes, IsEmpty());
}

TEST(compare, an_explicit_table_rename_moves_its_foreign_keys_along) {
  auto before = two_tables();
  auto after = two_tables();
  after.tables.at(0).name = "makers";
  after.tables.at(1).foreign_keys.at(0).referent_table = "makers";
  after.tables.at(1).foreign_keys.at(0).name = "products_producer_id_fkey";
  auto hinted = compare(after, before);
  EXPECT_THAT(hinted.notes, ElementsAre(HasSubstr("--rename producers:makers")));

  compare_options options;
  parse_rename("producers:makers", after, options);
  auto result = compare(after, before, options);
  EXPECT_THAT(described(result.upgrade), ElementsAre("rename_table producers to makers"));
}

TEST(compare, filters_leave_excluded_tables_alone) {
  auto actual = two_tables();
  actual.table("audit_log").column("id", type::integer());
  actual.table("audit_old").column("id", type::integer());
  compare_options options{.filters = {.exclude_tables = {"audit_*"}}};
  EXPECT_THAT(compare(two_tables(), actual, options).upgrade, IsEmpty());
  options.filters = {.include_tables = {"audit_old"}};
  EXPECT_THAT(described(compare(two_tables(), actual, options).upgrade),
              ElementsAre("drop_table audit_old"));
}

TEST(compare, a_foreign_key_cycle_is_closed_after_both_tables_exist) {
  model::schema s;
  s.table("a")
      .column("id", type::integer(), {.primary_key = true})
      .column("b_id", type::integer())
      .foreign_key({"b_id"}, "b", {"id"});
  s.table("b")
      .column("id", type::integer(), {.primary_key = true})
      .column("a_id", type::integer())
      .foreign_key({"a_id"}, "a", {"id"});
  auto ops = described(compare(s, {}).upgrade);
  EXPECT_THAT(ops,
              ElementsAre("create_table b", "create_table a", "add_constraint b_a_id_fkey on b"));
}

TEST(compare, changed_indexes_and_constraints_are_dropped_then_created) {
  auto before = two_tables();
  before.tables.at(1).index("ix_name", {"name"}).check("ck_name", "name <> ''");
  auto after = two_tables();
  after.tables.at(1).index("ix_name", {"name"}, {.unique = true}).check("ck_name", "name <> 'x'");
  auto ops = described(compare(after, before).upgrade);
  EXPECT_THAT(
      ops, ElementsAre("drop_index ix_name", "drop_constraint ck_name on products",
                       "add_constraint ck_name on products", "create_index ix_name on products"));
}

TEST(glob, matches_like_a_shell) {
  EXPECT_TRUE(glob_match("audit_*", "audit_log"));
  EXPECT_TRUE(glob_match("*_log", "audit_log"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("audit_*", "products"));
  EXPECT_TRUE(glob_match("*", ""));
}

}  // namespace
}  // namespace retort::autogen
