// reverse(): each reversible operation undoes itself (reversing twice gives it back, where the
// data allows) and its reverse renders the SQL an author would write for the downgrade; each
// irreversible one says which object and what to add.
#include <retort/reverse.hpp>

#include <retort/errors.hpp>
#include <retort/op.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "render/postgres_dialect.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace type = op::type;

const render::postgres_dialect pg;

std::vector<std::string> sql(const operation& op) {
  std::vector<std::string> out;
  for (const auto& statement : pg.render(op)) {
    out.push_back(statement.sql);
  }
  return out;
}

std::string irreversible_message(const operation& op) {
  try {
    (void)reverse(op);
  } catch (const irreversible_operation& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected irreversible_operation";
  return {};
}

ops::create_table products() {
  return op::create_table("products",
                          {op::column("sku", type::text(), {.primary_key = true}),
                           op::column("price", type::numeric(10, 2), {.nullable = false})},
                          {op::check("price >= 0", {"ck_products_price"})},
                          {.schema = "sales", .comment = "Wines we sell"});
}

// --- Tables ------------------------------------------------------------------------------------

TEST(reverse_create_table, is_a_drop_that_remembers_the_table) {
  auto create = products();
  auto drop = reverse(create);
  EXPECT_EQ(drop,
            operation(ops::drop_table{.name = "products", .schema = "sales", .existing = create}));
  EXPECT_THAT(sql(drop), ElementsAre("DROP TABLE \"sales\".\"products\""));
  EXPECT_EQ(reverse(drop), operation(create));
}

TEST(reverse_create_table, if_not_exists_becomes_if_exists_and_back) {
  auto create =
      op::create_table("t", {op::column("a", type::integer())}, {}, {.if_not_exists = true});
  EXPECT_THAT(sql(reverse(create)), ElementsAre("DROP TABLE IF EXISTS \"t\""));
  EXPECT_EQ(reverse(reverse(create)), operation(create));
}

TEST(reverse_drop_table, recreates_the_existing_table_with_its_comments) {
  auto drop = op::drop_table("products", {.schema = "sales", .existing = products()});
  EXPECT_THAT(sql(reverse(drop)),
              ElementsAre("CREATE TABLE \"sales\".\"products\" (\n"
                          "    \"sku\" text NOT NULL PRIMARY KEY,\n"
                          "    \"price\" numeric(10,2) NOT NULL,\n"
                          "    CONSTRAINT \"ck_products_price\" CHECK (price >= 0)\n"
                          ")",
                          "COMMENT ON TABLE \"sales\".\"products\" IS 'Wines we sell'"));
  EXPECT_EQ(reverse(reverse(drop)), operation(drop));
}

TEST(reverse_drop_table, takes_name_and_schema_from_the_drop_not_the_definition) {
  auto drop = op::drop_table(
      "products", {.schema = "sales",
                   .existing = op::create_table("wines", {op::column("sku", type::text())})});
  EXPECT_THAT(sql(reverse(drop)),
              ElementsAre("CREATE TABLE \"sales\".\"products\" (\n    \"sku\" text\n)"));
}

TEST(reverse_drop_table, without_existing_says_what_to_add) {
  EXPECT_EQ(irreversible_message(op::drop_table("products", {.schema = "sales"})),
            "drop_table sales.products: cannot reverse without `.existing` (the table's "
            "definition: `op::create_table(...)`)");
}

TEST(reverse_rename_table, renames_back) {
  auto rename = op::rename_table("wines", "products", {.schema = "sales"});
  EXPECT_THAT(sql(reverse(rename)),
              ElementsAre("ALTER TABLE \"sales\".\"products\" RENAME TO \"wines\""));
  EXPECT_EQ(reverse(reverse(rename)), operation(rename));
}

// --- Columns -----------------------------------------------------------------------------------

TEST(reverse_add_column, is_a_drop_that_remembers_the_column) {
  auto add = op::add_column("products", op::column("alcohol", type::numeric(4, 1),
                                                   {.comment = "percent alcohol by volume"}));
  EXPECT_THAT(sql(reverse(add)), ElementsAre("ALTER TABLE \"products\" DROP COLUMN \"alcohol\""));
  EXPECT_EQ(reverse(reverse(add)), operation(add));
}

TEST(reverse_drop_column, adds_the_existing_column_back) {
  auto drop = op::drop_column(
      "products", "legacy_note",
      {.schema = "sales", .existing = op::column("legacy_note", type::text(), {.comment = "old"})});
  EXPECT_THAT(sql(reverse(drop)),
              ElementsAre("ALTER TABLE \"sales\".\"products\" ADD COLUMN \"legacy_note\" text",
                          "COMMENT ON COLUMN \"sales\".\"products\".\"legacy_note\" IS 'old'"));
  EXPECT_EQ(reverse(reverse(drop)), operation(drop));
}

TEST(reverse_drop_column, without_existing_says_what_to_add) {
  EXPECT_EQ(irreversible_message(op::drop_column("products", "alcohol")),
            "drop_column products.alcohol: cannot reverse without `.existing` (the column's "
            "definition: `op::column(...)`)");
}

TEST(reverse_alter_column, restores_each_changed_property_from_its_existing_value) {
  auto alter = op::alter_column("products", "price",
                                {.type = type::numeric(12, 2),
                                 .nullable = false,
                                 .server_default = "0",
                                 .existing_type = type::numeric(10, 2),
                                 .existing_nullable = true,
                                 .existing_server_default = op::drop_default});
  EXPECT_THAT(sql(reverse(alter)),
              ElementsAre("ALTER TABLE \"products\" ALTER COLUMN \"price\" DROP DEFAULT, ALTER "
                          "COLUMN \"price\" TYPE numeric(10,2), ALTER COLUMN \"price\" DROP NOT "
                          "NULL"));
  EXPECT_EQ(reverse(reverse(alter)), operation(alter));
}

TEST(reverse_alter_column, is_the_example_bundles_hand_written_downgrade) {
  auto upgrade =
      op::alter_column("products", "alcohol", {.nullable = false, .existing_nullable = true});
  auto downgrade =
      op::alter_column("products", "alcohol", {.nullable = true, .existing_nullable = false});
  EXPECT_EQ(reverse(upgrade), operation(downgrade));
}

TEST(reverse_alter_column, keeps_unchanged_existing_values_as_context) {
  auto alter = op::alter_column(
      "products", "alcohol",
      {.nullable = false, .existing_type = type::numeric(4, 1), .existing_nullable = true});
  auto reversed = std::get<ops::alter_column>(reverse(alter));
  EXPECT_EQ(reversed.existing_type, type::numeric(4, 1));
  EXPECT_FALSE(reversed.type);
  EXPECT_EQ(reversed.nullable, true);
  EXPECT_EQ(reversed.existing_nullable, false);
}

TEST(reverse_alter_column, renames_back_and_names_the_column_by_its_new_name) {
  auto alter =
      op::alter_column("products", "price",
                       {.nullable = false, .new_name = "list_price", .existing_nullable = true});
  auto reversed = reverse(alter);
  EXPECT_EQ(std::get<ops::alter_column>(reversed).column, "list_price");
  EXPECT_THAT(sql(reversed),
              ElementsAre("ALTER TABLE \"products\" ALTER COLUMN \"list_price\" DROP NOT NULL",
                          "ALTER TABLE \"products\" RENAME COLUMN \"list_price\" TO \"price\""));
  EXPECT_EQ(reverse(reversed), operation(alter));
}

TEST(reverse_alter_column, drops_using_which_cannot_be_derived) {
  auto alter = op::alter_column("products", "year",
                                {.type = type::integer(),
                                 .using_expression = "year::integer",
                                 .existing_type = type::text()});
  EXPECT_THAT(sql(reverse(alter)),
              ElementsAre("ALTER TABLE \"products\" ALTER COLUMN \"year\" TYPE text"));
}

TEST(reverse_alter_column, without_an_existing_value_names_table_column_and_field) {
  EXPECT_EQ(irreversible_message(op::alter_column("products", "alcohol", {.nullable = false})),
            "alter_column products.alcohol: cannot reverse without `.existing_nullable` (what the "
            "column had before)");
  EXPECT_EQ(
      irreversible_message(op::alter_column(
          "products", "price", {.type = type::bigint(), .server_default = "0", .schema = "sales"})),
      "alter_column sales.products.price: cannot reverse without `.existing_type` and "
      "`.existing_server_default` (what the column had before)");
}

// --- Indexes -----------------------------------------------------------------------------------

TEST(reverse_create_index, is_a_drop_that_keeps_concurrently) {
  auto create = op::create_index("ix_products_price", "products", {"price"},
                                 {.concurrently = true, .schema = "sales"});
  auto drop = reverse(create);
  EXPECT_EQ(pg.render(drop),
            (std::vector<sql_statement>{
                {"DROP INDEX CONCURRENTLY \"sales\".\"ix_products_price\"", {}, false}}));
  EXPECT_EQ(reverse(drop), operation(create));
}

TEST(reverse_drop_index, recreates_the_existing_index) {
  auto trigram = op::create_index("ix_products_name_trgm", "products",
                                  {op::key("name", {.opclass = "gin_trgm_ops"})},
                                  {.method = op::gin, .if_not_exists = true});
  auto drop =
      op::drop_index("ix_products_name_trgm", {.if_exists = true, .existing = trigram.index});
  EXPECT_THAT(sql(reverse(drop)),
              ElementsAre("CREATE INDEX IF NOT EXISTS \"ix_products_name_trgm\" ON \"products\" "
                          "USING \"gin\" (\"name\" \"gin_trgm_ops\")"));
  EXPECT_EQ(reverse(reverse(drop)), operation(drop));
  EXPECT_EQ(reverse(drop), operation(trigram));
}

TEST(reverse_drop_index, without_existing_says_what_to_add) {
  EXPECT_EQ(irreversible_message(op::drop_index("ix_products_name")),
            "drop_index ix_products_name: cannot reverse without `.existing` (the index's "
            "definition: `op::create_index(...).index`)");
}

// --- Constraints -------------------------------------------------------------------------------

TEST(reverse_add_constraint, is_a_drop_that_remembers_the_constraint) {
  auto add = op::create_check_constraint("ck_products_alcohol_range", "products",
                                         "alcohol BETWEEN 0 AND 25", {.schema = "sales"});
  EXPECT_THAT(sql(reverse(add)), ElementsAre("ALTER TABLE \"sales\".\"products\" DROP CONSTRAINT "
                                             "\"ck_products_alcohol_range\""));
  EXPECT_EQ(reverse(reverse(add)), operation(add));
}

TEST(reverse_add_constraint, round_trips_every_kind) {
  operations adds = {
      op::create_primary_key("pk_products", "products", {"sku"}),
      op::create_foreign_key("fk_products_producer", "products", "producers", {"producer_id"},
                             {"id"}, {.on_delete = op::referential_action::set_null}),
      op::create_unique_constraint("uq_products_name", "products", {"name"}, {.deferrable = true}),
  };
  for (const auto& add : adds) {
    EXPECT_EQ(reverse(reverse(add)), add);
  }
}

TEST(reverse_add_constraint, without_a_name_is_irreversible_and_says_why) {
  EXPECT_EQ(irreversible_message(
                ops::add_constraint{.table = "products", .constraint = op::primary_key({"sku"})}),
            "add_constraint (unnamed) on products: cannot reverse a constraint without a name: "
            "PostgreSQL would choose one, and the drop could not name it; give the constraint a "
            "name");
}

TEST(reverse_drop_constraint, adds_the_existing_constraint_back_under_the_dropped_name) {
  auto drop = op::drop_constraint("uq_products_name", "products",
                                  {.existing = op::unique({"name"}, {.deferrable = true})});
  EXPECT_THAT(sql(reverse(drop)),
              ElementsAre("ALTER TABLE \"products\" ADD CONSTRAINT \"uq_products_name\" UNIQUE "
                          "(\"name\") DEFERRABLE"));
  // The reverse's definition carries the name, so it can be reversed again.
  auto named = op::drop_constraint(
      "uq_products_name", "products",
      {.existing = op::unique({"name"}, {.name = "uq_products_name", .deferrable = true})});
  EXPECT_EQ(reverse(reverse(drop)), operation(named));
  EXPECT_EQ(reverse(reverse(named)), operation(named));
}

TEST(reverse_drop_constraint, without_existing_says_what_to_add) {
  EXPECT_EQ(irreversible_message(op::drop_constraint("ck_products_alcohol_range", "products")),
            "drop_constraint ck_products_alcohol_range on products: cannot reverse without "
            "`.existing` (the constraint's definition, e.g. `op::unique(...)`)");
}

// --- Extensions, raw SQL, data, comments -------------------------------------------------------

TEST(reverse_create_extension, drops_it_and_back) {
  auto create = op::create_extension("pg_trgm");
  EXPECT_THAT(sql(reverse(create)), ElementsAre("DROP EXTENSION IF EXISTS \"pg_trgm\""));
  EXPECT_EQ(reverse(reverse(create)), operation(create));
}

TEST(reverse_drop_extension, creates_it_with_the_default_schema_and_version) {
  EXPECT_THAT(sql(reverse(op::drop_extension("pg_trgm", {.cascade = true}))),
              ElementsAre("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\""));
}

TEST(reverse_execute, swaps_sql_and_reverse_sql) {
  auto backfill = op::execute("UPDATE products SET alcohol = 12.5",
                              {.reverse_sql = "UPDATE products SET alcohol = NULL"});
  EXPECT_THAT(sql(reverse(backfill)), ElementsAre("UPDATE products SET alcohol = NULL"));
  EXPECT_EQ(reverse(reverse(backfill)), operation(backfill));
}

TEST(reverse_execute, without_reverse_sql_quotes_the_start_of_the_sql) {
  EXPECT_EQ(irreversible_message(op::execute("UPDATE products SET alcohol = 12.5")),
            "execute `UPDATE products SET alcohol = 12.5`: cannot reverse raw SQL without "
            "`.reverse_sql` (the SQL that undoes it)");
  EXPECT_THAT(irreversible_message(op::execute(
                  "UPDATE products SET alcohol = 12.5 WHERE alcohol IS NULL AND sku LIKE 'RIO%'")),
              HasSubstr("execute `UPDATE products SET alcohol = 12.5 WHERE alcohol IS NULL "
                        "AND...`: "));
  EXPECT_THAT(irreversible_message(op::execute("DELETE FROM a;\nDELETE FROM b")),
              HasSubstr("execute `DELETE FROM a;...`: "));
}

TEST(reverse_bulk_insert, is_irreversible) {
  EXPECT_EQ(irreversible_message(
                op::bulk_insert("products", {"sku"}, {{"RIO-2019-RES"}}, {.schema = "sales"})),
            "bulk_insert into sales.products: cannot reverse inserted rows; write the downgrade "
            "yourself, e.g. `op::execute` with a DELETE");
}

TEST(reverse_set_table_comment, restores_the_existing_comment_or_removes_it) {
  auto set = op::set_table_comment("products", "Wines we sell", {.existing = "Wines"});
  EXPECT_THAT(sql(reverse(set)), ElementsAre("COMMENT ON TABLE \"products\" IS 'Wines'"));
  EXPECT_EQ(reverse(reverse(set)), operation(set));

  auto first = op::set_table_comment("products", "Wines we sell",
                                     {.existing = std::optional<std::string>()});
  EXPECT_THAT(sql(reverse(first)), ElementsAre("COMMENT ON TABLE \"products\" IS NULL"));
}

TEST(reverse_set_column_comment, restores_the_existing_comment) {
  auto set = op::set_column_comment("products", "alcohol", std::nullopt,
                                    {.schema = "sales", .existing = "percent by volume"});
  EXPECT_THAT(sql(reverse(set)),
              ElementsAre("COMMENT ON COLUMN \"sales\".\"products\".\"alcohol\" IS 'percent by "
                          "volume'"));
  EXPECT_EQ(reverse(reverse(set)), operation(set));
}

TEST(reverse_comments, without_existing_say_what_to_add) {
  EXPECT_EQ(irreversible_message(op::set_table_comment("products", "x")),
            "set_table_comment products: cannot reverse without `.existing` (the comment it "
            "replaces, or `std::nullopt` for none)");
  EXPECT_EQ(irreversible_message(op::set_column_comment("products", "alcohol", "x")),
            "set_column_comment products.alcohol: cannot reverse without `.existing` (the comment "
            "it replaces, or `std::nullopt` for none)");
}

// --- Sequences -------------------------------------------------------------------------------

TEST(reverse_operations, reverses_each_and_the_order) {
  // The example bundle's "add alcohol column" upgrade, with what its reverse needs.
  auto alcohol =
      op::column("alcohol", type::numeric(4, 1), {.comment = "percent alcohol by volume"});
  operations upgrade = {
      op::add_column("products", alcohol),
      op::create_check_constraint("ck_products_alcohol_range", "products",
                                  "alcohol BETWEEN 0 AND 25"),
  };
  auto downgrade = reverse(upgrade);
  ASSERT_EQ(downgrade.size(), 2U);
  EXPECT_THAT(
      sql(downgrade[0]),
      ElementsAre("ALTER TABLE \"products\" DROP CONSTRAINT \"ck_products_alcohol_range\""));
  EXPECT_THAT(sql(downgrade[1]), ElementsAre("ALTER TABLE \"products\" DROP COLUMN \"alcohol\""));
  EXPECT_EQ(reverse(downgrade), upgrade);
}

TEST(reverse_operations, of_nothing_is_nothing) {
  EXPECT_TRUE(reverse(operations{}).empty());
}

TEST(reverse_operations, fails_on_the_first_irreversible_operation_naming_it) {
  operations upgrade = {op::add_column("products", op::column("a", type::text())),
                        op::execute("UPDATE products SET a = 'x'")};
  EXPECT_THAT([&] { (void)reverse(upgrade); }, ::testing::ThrowsMessage<irreversible_operation>(
                                                   HasSubstr("execute `UPDATE products")));
}

// --- Schemas, enum types, sequences ---------------------------------------------------------

TEST(reverse_schema_objects, enum_types_and_sequences_round_trip) {
  auto create = op::create_enum("mood", {"a", "b"}, {.schema = "s"});
  EXPECT_EQ(reverse(create),
            operation(op::drop_enum(
                "mood", {.schema = "s", .existing = std::vector<std::string>{"a", "b"}})));
  EXPECT_EQ(reverse(reverse(create)), operation(create));
  auto sequence = op::create_sequence("n", {.start = 5});
  EXPECT_EQ(reverse(reverse(sequence)), operation(sequence));
  EXPECT_EQ(reverse(op::create_schema("audit")), operation(op::drop_schema("audit")));
}

TEST(reverse_schema_objects, an_added_enum_label_cannot_be_undone) {
  EXPECT_THAT(irreversible_message(op::add_enum_value("mood", "c")),
              HasSubstr("PostgreSQL cannot remove a label from an enum type"));
  EXPECT_THAT(irreversible_message(op::drop_enum("mood")), HasSubstr("`.existing`"));
}

TEST(reverse_schema_objects, identity_changes_swap_with_what_existed) {
  auto add = op::alter_column(
      "t", "id", {.identity = op::identity_kind::always, .existing_identity = op::drop_identity});
  auto back = std::get<ops::alter_column>(reverse(add));
  EXPECT_EQ(back.identity, std::optional<std::optional<ops::identity_kind>>(std::in_place));
  EXPECT_EQ(back.existing_identity,
            std::optional<std::optional<ops::identity_kind>>(ops::identity_kind::always));
}

}  // namespace
}  // namespace retort
