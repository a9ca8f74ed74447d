// Operations replayed on the schema model with PostgreSQL's rules: what `retort verify` finds
// before a database sees a migration. No database.
#include <retort/op.hpp>
#include <retort/reverse.hpp>

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/comparable.hpp"
#include "model/replay.hpp"

namespace retort::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace type = op::type;

// Every finding's message, warnings marked `warning: `.
std::vector<std::string> replay(replay_state& state, const operations& ops,
                                const std::string& revision = "r1") {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    for (const auto& f : apply(state, op, revision)) {
      out.push_back((f.warning ? "warning: " : "") + f.message);
    }
  }
  return out;
}

// A products table with a key, and an orders table whose foreign key references it.
replay_state shop() {
  replay_state s;
  auto found = replay(
      s, {op::create_table("products",
                           {op::column("sku", type::text(), {.primary_key = true}),
                            op::column("name", type::text()), op::column("price", type::integer())},
                           {op::check("price >= 0", {"ck_price"})}),
          op::create_index("ix_products_name", "products", {"name"}),
          op::create_table("orders",
                           {op::column("id", type::bigint(), {.primary_key = true}),
                            op::column("sku", type::text())},
                           {op::foreign_key({"sku"}, "products", {"sku"}, {.name = "fk_sku"})})});
  EXPECT_THAT(found, IsEmpty());
  return s;
}

const table& table_named(const replay_state& s, const std::string& name) {
  for (const auto& t : s.schema.tables) {
    if (t.name == name) {
      return t;
    }
  }
  throw std::runtime_error("no table " + name);
}

TEST(replay, creating_an_object_twice_is_found_unless_if_not_exists) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::create_table("products", {op::column("x", type::text())})}),
              ElementsAre("table products already exists"));
  EXPECT_THAT(replay(s, {op::create_table("products", {op::column("x", type::text())}, {},
                                          {.if_not_exists = true})}),
              IsEmpty());
  EXPECT_THAT(replay(s, {op::add_column("products", op::column("name", type::text()))}),
              ElementsAre("column products.name already exists"));
  EXPECT_THAT(replay(s, {op::create_index("ix_products_name", "products", {"price"})}),
              ElementsAre("index ix_products_name already exists"));
  EXPECT_THAT(replay(s, {op::create_index("ix_products_name", "products", {"price"},
                                          {.if_not_exists = true})}),
              IsEmpty());
  EXPECT_THAT(replay(s, {op::create_check_constraint("ck_price", "products", "price < 100")}),
              ElementsAre("constraint ck_price of table products already exists"));
  EXPECT_THAT(replay(s, {op::create_primary_key("pk2", "products", {"name"})}),
              ElementsAre("table products already has a primary key"));
}

TEST(replay, tables_indexes_and_sequences_share_one_namespace_per_schema) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::create_index("orders", "products", {"price"})}),
              ElementsAre("table orders already exists"));
  EXPECT_THAT(
      replay(s, {op::create_index("orders", "products", {"price"}, {.if_not_exists = true})}),
      IsEmpty())
      << "IF NOT EXISTS skips any relation of that name, as PostgreSQL does";
  EXPECT_THAT(replay(s, {op::create_sequence("products_pkey")}),
              ElementsAre("index products_pkey already exists"))
      << "an unnamed primary key gets PostgreSQL's name, and its index takes that name";
  EXPECT_THAT(replay(s, {op::create_table("ix_products_name", {op::column("a", type::text())})}),
              ElementsAre("index ix_products_name already exists"));
}

TEST(replay, a_missing_object_is_found_unless_if_exists) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::add_column("nope", op::column("a", type::text()))}),
              ElementsAre("table nope does not exist"));
  EXPECT_THAT(replay(s, {op::drop_table("nope")}), ElementsAre("table nope does not exist"));
  EXPECT_THAT(replay(s, {op::drop_table("nope", {.if_exists = true})}), IsEmpty());
  EXPECT_THAT(replay(s, {op::drop_column("products", "nope")}),
              ElementsAre("column products.nope does not exist"));
  EXPECT_THAT(replay(s, {op::drop_index("ix_nope")}), ElementsAre("index ix_nope does not exist"));
  EXPECT_THAT(replay(s, {op::drop_index("ix_nope", {.if_exists = true})}), IsEmpty());
  EXPECT_THAT(replay(s, {op::drop_constraint("ck_nope", "products")}),
              ElementsAre("constraint ck_nope of table products does not exist"));
  EXPECT_THAT(replay(s, {op::drop_constraint("ck_nope", "products", {.if_exists = true})}),
              IsEmpty());
  EXPECT_THAT(replay(s, {op::alter_column("products", "nope", {.nullable = false})}),
              ElementsAre("column products.nope does not exist"));
  EXPECT_THAT(replay(s, {op::set_column_comment("products", "nope", "x")}),
              ElementsAre("column products.nope does not exist"));
  EXPECT_THAT(replay(s, {op::set_table_comment("nope", "x")}),
              ElementsAre("table nope does not exist"));
  EXPECT_THAT(replay(s, {op::rename_table("nope", "other")}),
              ElementsAre("table nope does not exist"));
  EXPECT_THAT(replay(s, {op::bulk_insert("products", {"sku", "colour"}, {{"a", "red"}})}),
              ElementsAre("column products.colour does not exist"));
}

TEST(replay, an_index_on_a_missing_column_is_found_but_expressions_are_not_parsed) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::create_index("ix_colour", "products", {"colour"})}),
              ElementsAre("column products.colour does not exist"));
  EXPECT_THAT(
      replay(s, {op::create_index("ix_lower", "products", {op::expression("lower(colour)")})}),
      IsEmpty());
  EXPECT_THAT(replay(s, {op::create_index("ix_inc", "products", {"name"}, {.include = {"nope"}})}),
              ElementsAre("column products.nope does not exist"));
}

TEST(replay, a_foreign_key_needs_its_table_columns_and_a_unique_key_there) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::create_foreign_key("fk_a", "orders", "nope", {"sku"}, {"sku"})}),
              ElementsAre("foreign key fk_a references table nope, which does not exist"));
  EXPECT_THAT(replay(s, {op::create_foreign_key("fk_b", "orders", "products", {"sku"}, {"x"})}),
              ElementsAre("column products.x does not exist"));
  EXPECT_THAT(replay(s, {op::create_foreign_key("fk_c", "orders", "products", {"sku"}, {"name"})}),
              ElementsAre("foreign key fk_c: no primary key, unique constraint or unique index "
                          "of table products covers exactly (name)"));
  EXPECT_THAT(replay(s, {op::create_unique_constraint("uq_name", "products", {"name"}),
                         op::create_foreign_key("fk_d", "orders", "products", {"sku"}, {"name"})}),
              IsEmpty());
  // Without referent columns a foreign key takes the referent's primary key.
  EXPECT_THAT(replay(s, {op::create_foreign_key("fk_e", "orders", "products", {"sku"}, {})}),
              IsEmpty());
  EXPECT_EQ(table_named(s, "orders").foreign_keys.back().referent_columns,
            std::vector<std::string>{"sku"});
}

TEST(replay, renaming_a_table_carries_indexes_and_foreign_keys_along) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::rename_table("products", "wines")}), IsEmpty());
  const auto& wines = table_named(s, "wines");
  EXPECT_EQ(wines.indexes.at(0).table, "wines");
  EXPECT_EQ(wines.key->name, "products_pkey") << "PostgreSQL keeps a renamed table's key name";
  EXPECT_EQ(table_named(s, "orders").foreign_keys.at(0).referent_table, "wines");
  EXPECT_THAT(replay(s, {op::add_column("products", op::column("a", type::text()))}),
              ElementsAre("table products does not exist"));
  EXPECT_THAT(replay(s, {op::drop_constraint("products_pkey", "wines", {.if_exists = false})}),
              ElementsAre("cannot drop constraint products_pkey on table wines: foreign key "
                          "fk_sku of table orders depends on it"));
  EXPECT_THAT(replay(s, {op::rename_table("orders", "wines")}),
              ElementsAre("table wines already exists"));
}

TEST(replay, renaming_a_column_carries_keys_indexes_and_foreign_keys_along) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::alter_column("products", "sku", {.new_name = "code"}),
                         op::alter_column("products", "name", {.new_name = "title"})}),
              IsEmpty());
  const auto& products = table_named(s, "products");
  EXPECT_EQ(products.key->columns, std::vector<std::string>{"code"});
  EXPECT_EQ(products.indexes.at(0).elements.at(0).column_or_expression, "title");
  EXPECT_EQ(table_named(s, "orders").foreign_keys.at(0).referent_columns,
            std::vector<std::string>{"code"});
  EXPECT_THAT(replay(s, {op::alter_column("products", "code", {.new_name = "price"})}),
              ElementsAre("cannot rename column products.code: column products.price already "
                          "exists"));
}

TEST(replay, dropping_a_column_takes_its_indexes_and_constraints_along) {
  auto s = shop();
  EXPECT_THAT(
      replay(s, {op::create_index("ix_lower_name", "products", {op::expression("lower(name)")}),
                 op::create_unique_constraint("uq_name_price", "products", {"name", "price"}),
                 op::drop_column("products", "name"), op::drop_column("products", "price")}),
      IsEmpty());
  const auto& products = table_named(s, "products");
  EXPECT_THAT(products.indexes, IsEmpty());
  EXPECT_THAT(products.uniques, IsEmpty());
  EXPECT_THAT(products.checks, IsEmpty()) << "ck_price involves price";
  EXPECT_TRUE(products.key);
}

TEST(replay, dropping_what_a_foreign_key_references_is_refused) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::drop_column("products", "sku")}),
              ElementsAre("cannot drop column products.sku: foreign key fk_sku of table orders "
                          "references it"));
  s = shop();
  EXPECT_THAT(replay(s, {op::drop_table("products")}),
              ElementsAre("cannot drop table products: foreign key fk_sku of table orders "
                          "references it (drop that first, or use cascade)"));
  s = shop();
  EXPECT_THAT(replay(s, {op::drop_table("products", {.cascade = true})}), IsEmpty());
  EXPECT_THAT(table_named(s, "orders").foreign_keys, IsEmpty()) << "cascade drops the key";
  s = shop();
  EXPECT_THAT(replay(s, {op::drop_constraint("fk_sku", "orders"), op::drop_table("products")}),
              IsEmpty());
}

// An order_lines table whose amount is computed from quantity and price.
replay_state with_generated_column() {
  replay_state s;
  EXPECT_THAT(
      replay(s, {op::create_table("lines", {op::column("quantity", type::integer()),
                                            op::column("price", type::numeric(10, 2)),
                                            op::column("note", type::text()),
                                            op::column("amount", type::numeric(12, 2),
                                                       {.generated = "quantity * price"})})}),
      IsEmpty());
  return s;
}

TEST(replay, what_postgresql_refuses_around_a_generated_column_is_found) {
  auto s = with_generated_column();
  EXPECT_THAT(replay(s, {op::drop_column("lines", "price")}),
              ElementsAre("cannot drop column lines.price: generated column amount is computed "
                          "from it"));
  s = with_generated_column();
  EXPECT_THAT(replay(s, {op::alter_column("lines", "quantity", {.type = type::bigint()})}),
              ElementsAre("cannot change the type of column lines.quantity: generated column "
                          "amount is computed from it"));
  EXPECT_THAT(replay(s, {op::alter_column("lines", "amount", {.server_default = "0"})}),
              ElementsAre("column lines.amount is generated, so it can have no default"));
  EXPECT_THAT(replay(s, {op::bulk_insert("lines", {"quantity", "amount"}, {{1, 2}})}),
              ElementsAre("cannot insert into column lines.amount: it is generated"));
}

TEST(replay, a_generated_column_leaves_the_other_columns_free) {
  auto s = with_generated_column();
  EXPECT_THAT(replay(s, {op::drop_column("lines", "note"),
                         op::alter_column("lines", "note", {.nullable = false}),
                         op::bulk_insert("lines", {"quantity", "price"}, {{1, 2}})}),
              ElementsAre("column lines.note does not exist"));
  EXPECT_THAT(replay(s, {op::alter_column("lines", "quantity", {.nullable = false}),
                         op::bulk_insert("lines", {"quantity", "price"}, {{1, 2}})}),
              IsEmpty());
}

TEST(replay, enum_types_and_their_labels) {
  replay_state s;
  EXPECT_THAT(replay(s, {op::create_enum("mood", {"sad", "happy"}),
                         op::add_enum_value("mood", "calm", {.before = "happy"}),
                         op::add_enum_value("mood", "ok", {.after = "sad"}),
                         op::add_enum_value("mood", "elated")}),
              IsEmpty());
  EXPECT_THAT(s.schema.enums.at(0).values, ElementsAre("sad", "ok", "calm", "happy", "elated"));
  EXPECT_THAT(replay(s, {op::create_enum("mood", {"x"})}), ElementsAre("type mood already exists"));
  EXPECT_THAT(replay(s, {op::add_enum_value("mood", "sad")}),
              ElementsAre("enum label sad of type mood already exists"));
  EXPECT_THAT(replay(s, {op::add_enum_value("mood", "sad", {.if_not_exists = true})}), IsEmpty());
  EXPECT_THAT(replay(s, {op::add_enum_value("mood", "meh", {.after = "nope"})}),
              ElementsAre("enum label nope of type mood does not exist"));
  EXPECT_THAT(replay(s, {op::add_enum_value("colour", "red")}),
              ElementsAre("type colour does not exist"));
  EXPECT_THAT(replay(s, {op::create_table("people", {op::column("m", type::custom("mood"))}),
                         op::drop_enum("mood")}),
              ElementsAre("cannot drop type mood: column people.m uses it"));
  EXPECT_THAT(replay(s, {op::drop_enum("colour")}), ElementsAre("type colour does not exist"));
  EXPECT_THAT(replay(s, {op::drop_enum("colour", {.if_exists = true})}), IsEmpty());
}

TEST(replay, schemas_public_and_empty_are_one) {
  replay_state s;
  EXPECT_THAT(
      replay(s, {op::create_table("t", {op::column("a", type::text())}, {}, {.schema = "public"}),
                 op::add_column("t", op::column("b", type::text())),
                 op::create_index("ix_t_b", "t", {"b"}, {.schema = "public"}),
                 op::drop_index("ix_t_b")}),
      IsEmpty());
  EXPECT_THAT(replay(s, {op::create_schema("public")}),
              ElementsAre("schema public already exists"));
  EXPECT_THAT(
      replay(s, {op::create_table("e", {op::column("a", type::text())}, {}, {.schema = "audit"})}),
      ElementsAre("schema audit does not exist"));
  EXPECT_THAT(replay(s, {op::create_schema("audit")}), IsEmpty());
  EXPECT_THAT(replay(s, {op::create_schema("audit")}), ElementsAre("schema audit already exists"));
  EXPECT_THAT(replay(s, {op::create_schema("audit", true)}), IsEmpty());
  EXPECT_THAT(replay(s, {op::drop_schema("audit")}),
              ElementsAre("cannot drop schema audit: it is not empty (drop its objects first, or "
                          "use cascade)"));
  s.schema.schemas.push_back("audit");  // the refused drop went ahead; put it back
  s.schema.tables.push_back({.name = "e", .schema = "audit"});
  EXPECT_THAT(replay(s, {op::drop_schema("audit", {.cascade = true})}), IsEmpty());
  EXPECT_EQ(s.schema.tables.size(), 1U);
  EXPECT_THAT(replay(s, {op::drop_schema("audit")}), ElementsAre("schema audit does not exist"));
  EXPECT_THAT(replay(s, {op::drop_schema("audit", {.if_exists = true})}), IsEmpty());
}

TEST(replay, sequences_and_extensions) {
  replay_state s;
  EXPECT_THAT(replay(s, {op::create_sequence("seq"), op::create_extension("pg_trgm"),
                         op::create_extension("pg_trgm")}),
              IsEmpty())
      << "create_extension defaults to IF NOT EXISTS";
  EXPECT_THAT(replay(s, {op::create_sequence("seq")}), ElementsAre("sequence seq already exists"));
  EXPECT_THAT(replay(s, {op::create_sequence("seq", {.if_not_exists = true})}), IsEmpty());
  EXPECT_THAT(replay(s, {op::create_extension("pg_trgm", {.if_not_exists = false})}),
              ElementsAre("extension pg_trgm already exists"));
  EXPECT_THAT(replay(s, {op::drop_sequence("seq"), op::drop_sequence("seq")}),
              ElementsAre("sequence seq does not exist"));
  EXPECT_THAT(replay(s, {op::drop_extension("pg_trgm"), op::drop_extension("pg_trgm"),
                         op::drop_extension("pg_trgm", {.if_exists = false})}),
              ElementsAre("extension pg_trgm does not exist"));
}

TEST(replay, raw_sql_that_mentions_an_object_turns_its_findings_into_warnings) {
  auto s = shop();
  EXPECT_THAT(replay(s, {op::execute("CREATE TABLE Legacy (id int)")}, "0a1b"), IsEmpty());
  EXPECT_THAT(replay(s, {op::add_column("legacy", op::column("a", type::text()))}, "0c2d"),
              ElementsAre("warning: table legacy does not exist (it may come from raw SQL of "
                          "revision 0a1b, which replay cannot follow)"));
  EXPECT_THAT(replay(s, {op::create_index("ix_legacy_a", "legacy", {"a"})}, "0e3f"),
              ElementsAre("warning: table legacy does not exist (it may come from raw SQL of "
                          "revision 0a1b, which replay cannot follow)"));
  EXPECT_THAT(replay(s, {op::drop_index("ix_legacy_a")}),
              ElementsAre("warning: index ix_legacy_a does not exist (it may come from raw SQL of "
                          "revision 0a1b, which replay cannot follow)"))
      << "an index on a table only raw SQL made is as unknown as that table";
  EXPECT_THAT(replay(s, {op::add_column("legacy_2", op::column("a", type::text()))}),
              ElementsAre("table legacy_2 does not exist"))
      << "a name the SQL does not mention stays an error";
}

TEST(replay, mentions_matches_whole_identifiers_only) {
  EXPECT_TRUE(mentions("alter table \"products\" add x int", "products"));
  EXPECT_TRUE(mentions("drop table products", "Products"));
  EXPECT_FALSE(mentions("drop table products_old", "products"));
  EXPECT_FALSE(mentions("drop table old_products", "products"));
  EXPECT_FALSE(mentions("select 1", ""));
}

// Each operation, then its reverse, gives back the schema it started from: every kind of
// operation changes the model, and changes it the way its reverse undoes.
TEST(replay, every_operation_and_its_reverse_leave_the_schema_as_it_was) {
  const auto start = shop();
  operations upgrade = {
      op::create_schema("audit"),
      op::create_enum("mood", {"sad", "happy"}, {.schema = "audit"}),
      op::create_sequence("counter", {.start = 10}),
      op::create_extension("pg_trgm"),
      op::create_table("events", {op::column("id", type::bigint(), {.primary_key = true})}, {},
                       {.schema = "audit"}),
      op::rename_table("orders", "purchases"),
      op::add_column("purchases", op::column("qty", type::integer())),
      op::alter_column("purchases", "qty",
                       {.type = type::bigint(),
                        .nullable = false,
                        .server_default = "1",
                        .new_name = "quantity",
                        .existing_type = type::integer(),
                        .existing_nullable = true,
                        .existing_server_default = op::drop_default}),
      op::create_index("ix_purchases_quantity", "purchases", {"quantity"}),
      op::create_unique_constraint("uq_products_name", "products", {"name"}),
      op::create_check_constraint("ck_quantity", "purchases", "quantity > 0"),
      op::set_table_comment("products", "wines", {.existing = std::optional<std::string>{}}),
      op::set_column_comment("products", "name", "label",
                             {.existing = std::optional<std::string>{}}),
      op::drop_index("ix_products_name",
                     {.existing = table_named(start, "products").indexes.at(0)}),
      op::add_column("products", op::column("colour", type::text())),
      op::drop_column("products", "colour", {.existing = op::column("colour", type::text())}),
      op::bulk_insert("products", {"sku"}, {{"a"}}),
  };
  auto s = start;
  ASSERT_THAT(replay(s, upgrade), IsEmpty());
  EXPECT_FALSE(comparable(s.schema) == comparable(start.schema));
  operations downgrade;
  for (auto it = upgrade.rbegin(); it != upgrade.rend(); ++it) {
    if (!std::holds_alternative<ops::bulk_insert>(*it)) {
      downgrade.push_back(reverse(*it));
    }
  }
  ASSERT_THAT(replay(s, downgrade), IsEmpty());
  EXPECT_TRUE(comparable(s.schema) == comparable(start.schema));
}

}  // namespace
}  // namespace retort::model
