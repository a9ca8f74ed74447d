// The declarative model and PostgreSQL's rules about it (default names, implied NOT NULL,
// sequence defaults). No database.
#include <retort/model/schema.hpp>

#include <gtest/gtest.h>

#include "model/canonical.hpp"

namespace retort::model {
namespace {

namespace type = op::type;

TEST(model, a_declaration_builds_plain_data_in_the_op_vocabulary) {
  schema s;
  s.table("products", {.schema = "shop"})
      .column("id", type::bigint(), {.primary_key = true})
      .column("name", type::text(), {.nullable = false})
      .index("ix_name", {op::key("name", {.opclass = "text_pattern_ops"})}, {.where = "id > 0"});

  const auto& t = s.tables.at(0);
  EXPECT_EQ(t.schema, "shop");
  ASSERT_TRUE(t.key);
  EXPECT_EQ(t.key->columns, std::vector<std::string>{"id"});
  EXPECT_FALSE(t.columns.at(0).primary_key) << "the key is the table's, not an inline one";
  EXPECT_FALSE(t.columns.at(0).nullable);
  EXPECT_EQ(t.indexes.at(0).table, "products");
  EXPECT_EQ(t.indexes.at(0).schema, "shop");
  EXPECT_EQ(t.indexes.at(0).elements.at(0).opclass, "text_pattern_ops");
}

TEST(model, table_references_stay_valid_while_more_tables_are_declared) {
  schema s;
  auto& first = s.table("a");
  for (int i = 0; i < 100; ++i) {
    s.table(std::string("t") + std::to_string(i));
  }
  first.column("id", type::integer());
  EXPECT_EQ(s.tables.front().columns.size(), 1U);
}

TEST(canonical, unnamed_constraints_get_postgresql_names) {
  EXPECT_EQ(default_constraint_name("products", {}, "pkey"), "products_pkey");
  EXPECT_EQ(default_constraint_name("products", {"producer_id", "name"}, "key"),
            "products_producer_id_name_key");
  // makeObjectName shortens the longer part first until the name fits 63 bytes.
  auto name = default_constraint_name(std::string(40, 't'), {std::string(40, 'c')}, "fkey");
  EXPECT_EQ(name, std::string(29, 't') + "_" + std::string(28, 'c') + "_fkey");
  EXPECT_EQ(name.size(), 63U);
}

TEST(canonical, applies_what_postgresql_implies) {
  schema s;
  s.table("t", {.schema = "public"})
      .column("id", type::serial())
      .column("k", type::integer(), {.identity = op::identity_kind::always})
      .column("r", type::integer())
      .primary_key({"r"})
      .unique({"k"})
      .foreign_key({"r"}, "t", {}, {.referent_schema = "public", .initially_deferred = true});
  s.sequence("q", {.schema = "public", .data_type = type::bigint(), .start = 1, .increment = 1});
  canonicalise(s);

  const auto& t = s.tables.at(0);
  EXPECT_EQ(t.schema, "") << "the default schema is the empty one";
  EXPECT_FALSE(t.columns.at(0).nullable) << "serial";
  EXPECT_FALSE(t.columns.at(1).nullable) << "identity";
  EXPECT_FALSE(t.columns.at(2).nullable) << "primary key";
  EXPECT_EQ(t.key->name, "t_pkey");
  EXPECT_EQ(t.uniques.at(0).name, "t_k_key");
  EXPECT_EQ(t.foreign_keys.at(0).name, "t_r_fkey");
  EXPECT_EQ(t.foreign_keys.at(0).referent_schema, "");
  EXPECT_EQ(t.foreign_keys.at(0).referent_columns, std::vector<std::string>{"r"})
      << "no referent columns: the referent's primary key";
  EXPECT_TRUE(t.foreign_keys.at(0).deferrable) << "INITIALLY DEFERRED implies DEFERRABLE";
  EXPECT_EQ(s.sequences.at(0), (ops::sequence_definition{.name = "q"}))
      << "settings equal to PostgreSQL's defaults are unset";
}

TEST(canonical, keeps_sequence_settings_that_differ_from_the_defaults) {
  auto q = op::sequence(
      "q", {.data_type = type::integer(), .start = 5, .increment = -1, .max_value = 5, .cache = 1});
  canonicalise(q);
  EXPECT_EQ(q.data_type, type::integer());
  EXPECT_EQ(q.increment, -1);
  EXPECT_EQ(q.max_value, 5);
  EXPECT_EQ(q.start, std::nullopt) << "a descending sequence starts at its maximum";
  EXPECT_EQ(q.min_value, std::nullopt);
  EXPECT_EQ(q.cache, std::nullopt);
}

}  // namespace
}  // namespace retort::model
