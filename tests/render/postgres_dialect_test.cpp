// Golden tests: operations built with the op:: DSL, as a migration author writes them, rendered
// to SQL and compared exactly. No database.
#include "render/postgres_dialect.hpp"

#include <retort/errors.hpp>
#include <retort/op.hpp>
#include <retort/reverse.hpp>

#include <cmath>
#include <limits>
#include <ostream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retort {

// Readable failure output for statements.
void PrintTo(const sql_statement& s, std::ostream* os) {
  *os << "{sql: \"" << s.sql << "\", params: [";
  for (const auto& p : s.params) {
    *os << (p ? "'" + *p + "'" : std::string("NULL")) << ",";
  }
  *os << "], transactional: " << std::boolalpha << s.transactional << "}";
}

namespace render {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using statements = std::vector<sql_statement>;
using params = std::vector<std::optional<std::string>>;
namespace type = op::type;
using namespace std::string_literals;

const postgres_dialect pg;

statements render(const operation& op) {
  return pg.render(op);
}

// The SQL of an operation that renders to one plain statement.
std::string sql(const operation& op) {
  auto out = pg.render(op);
  EXPECT_EQ(out.size(), 1U);
  EXPECT_THAT(out.at(0).params, IsEmpty());
  EXPECT_TRUE(out.at(0).transactional);
  return out.at(0).sql;
}

template <typename Error = error>
std::string error_of(const operation& op) {
  try {
    (void)pg.render(op);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return {};
}

// --- Identifiers and literals -----------------------------------------------------------------

TEST(render_quote_identifier, always_quotes) {
  EXPECT_EQ(pg.quote_identifier("products"), "\"products\"");
  EXPECT_EQ(pg.quote_identifier("MixedCase"), "\"MixedCase\"");
  EXPECT_EQ(pg.quote_identifier("select"), "\"select\"");
  EXPECT_EQ(pg.quote_identifier("prénom"), "\"prénom\"");
}

TEST(render_quote_identifier,
     doubles_embedded_double_quotes_so_a_hostile_name_stays_one_identifier) {
  EXPECT_EQ(pg.quote_identifier("a\"b; DROP TABLE x;--"), "\"a\"\"b; DROP TABLE x;--\"");
  EXPECT_EQ(pg.quote_identifier("\""), "\"\"\"\"");
}

TEST(render_quote_identifier, refuses_names_postgresql_would_reject_or_truncate) {
  EXPECT_THROW((void)pg.quote_identifier(""), invalid_identifier);
  EXPECT_THROW((void)pg.quote_identifier(std::string(64, 'x')), invalid_identifier);
  EXPECT_EQ(pg.quote_identifier(std::string(63, 'x')), "\"" + std::string(63, 'x') + "\"");
  EXPECT_THROW((void)pg.quote_identifier("a\0b"s), invalid_identifier);
}

TEST(render_qualified_name, qualifies_only_when_a_schema_is_given) {
  EXPECT_EQ(pg.qualified_name("", "products"), "\"products\"");
  EXPECT_EQ(pg.qualified_name("sales", "products"), "\"sales\".\"products\"");
  EXPECT_EQ(pg.qualified_name("a.b", "c\"d"), "\"a.b\".\"c\"\"d\"");
}

TEST(render_quote_literal, doubles_single_quotes) {
  EXPECT_EQ(pg.quote_literal(""), "''");
  EXPECT_EQ(pg.quote_literal("it's"), "'it''s'");
  EXPECT_EQ(pg.quote_literal("'); DROP TABLE x; --"), "'''); DROP TABLE x; --'");
  EXPECT_EQ(pg.quote_literal("Zoë"), "'Zoë'");
}

TEST(render_quote_literal, escapes_backslashes_whatever_standard_conforming_strings_says) {
  EXPECT_EQ(pg.quote_literal("C:\\wine\\"), "E'C:\\\\wine\\\\'");
  EXPECT_EQ(pg.quote_literal("\\'"), "E'\\\\'''");
}

TEST(render_quote_literal, refuses_a_nul_byte) {
  EXPECT_THROW((void)pg.quote_literal("a\0b"s), error);
}

// --- Types -------------------------------------------------------------------------------------

TEST(render_type, spells_every_kind_as_postgresql_does) {
  std::vector<std::pair<column_type, std::string>> cases = {
      {type::smallint(), "smallint"},
      {type::integer(), "integer"},
      {type::bigint(), "bigint"},
      {type::smallserial(), "smallserial"},
      {type::serial(), "serial"},
      {type::bigserial(), "bigserial"},
      {type::numeric(), "numeric"},
      {type::numeric(10, 2), "numeric(10,2)"},
      {type::numeric(10), "numeric(10,0)"},
      {type::numeric(5, -2), "numeric(5,-2)"},
      {type::real(), "real"},
      {type::double_precision(), "double precision"},
      {type::boolean(), "boolean"},
      {type::text(), "text"},
      {type::varchar(), "varchar"},
      {type::varchar(16), "varchar(16)"},
      {type::character(), "char(1)"},
      {type::character(3), "char(3)"},
      {type::date(), "date"},
      {type::time(), "time without time zone"},
      {type::time(3), "time(3) without time zone"},
      {type::time_tz(), "time with time zone"},
      {type::time_tz(0), "time(0) with time zone"},
      {type::timestamp(), "timestamp without time zone"},
      {type::timestamp(6), "timestamp(6) without time zone"},
      {type::timestamp_tz(), "timestamp with time zone"},
      {type::timestamp_tz(3), "timestamp(3) with time zone"},
      {type::interval(), "interval"},
      {type::interval(2), "interval(2)"},
      {type::uuid(), "uuid"},
      {type::json(), "json"},
      {type::jsonb(), "jsonb"},
      {type::bytea(), "bytea"},
      {type::custom("citext"), "\"citext\""},
      {type::custom("sales", "Mood"), "\"sales\".\"Mood\""},
  };
  for (const auto& [t, expected] : cases) {
    EXPECT_EQ(pg.render_type(t), expected);
  }
}

TEST(render_type, appends_one_pair_of_brackets_per_array_dimension) {
  EXPECT_EQ(pg.render_type(type::array(type::text())), "text[]");
  EXPECT_EQ(pg.render_type(type::array(type::integer(), 2)), "integer[][]");
  EXPECT_EQ(pg.render_type(type::array(type::varchar(16))), "varchar(16)[]");
  EXPECT_EQ(pg.render_type(type::array(type::timestamp_tz(3))), "timestamp(3) with time zone[]");
  EXPECT_EQ(pg.render_type(type::array(type::custom("sales", "mood"), 3)),
            "\"sales\".\"mood\"[][][]");
}

TEST(render_type, quotes_a_hostile_custom_type_name) {
  EXPECT_EQ(pg.render_type(type::custom("a\"b; DROP TABLE x;--")), "\"a\"\"b; DROP TABLE x;--\"");
}

TEST(render_type, refuses_a_modifier_the_type_does_not_take_rather_than_drop_it) {
  EXPECT_THROW((void)pg.render_type({.kind = type_kind::integer, .length = 4}), error);
  EXPECT_THROW((void)pg.render_type({.kind = type_kind::text, .precision = 3}), error);
  EXPECT_THROW((void)pg.render_type({.kind = type_kind::numeric, .scale = 2}), error);
  EXPECT_THROW((void)pg.render_type({.kind = type_kind::text, .custom_name = "mood"}), error);
  EXPECT_THROW((void)pg.render_type({.kind = type_kind::text, .array_dimensions = -1}), error);
  EXPECT_THROW((void)pg.render_type({.kind = type_kind::custom}), invalid_identifier);
}

// --- create_table --------------------------------------------------------------------------------

TEST(render_create_table, puts_one_column_or_constraint_per_line) {
  EXPECT_EQ(sql(op::create_table(
                "producers",
                {
                    op::column("id", type::bigint(),
                               {.identity = op::identity_kind::always, .primary_key = true}),
                    op::column("name", type::text(), {.nullable = false}),
                    op::column("country", type::character(2)),
                },
                {op::unique({"name"}, {.name = "uq_producers_name"})})),
            "CREATE TABLE \"producers\" (\n"
            "    \"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL PRIMARY KEY,\n"
            "    \"name\" text NOT NULL,\n"
            "    \"country\" char(2),\n"
            "    CONSTRAINT \"uq_producers_name\" UNIQUE (\"name\")\n"
            ")");
}

TEST(render_create_table, renders_defaults_identity_by_default_schema_and_if_not_exists) {
  EXPECT_EQ(sql(op::create_table(
                "events",
                {
                    op::column("id", type::integer(), {.identity = op::identity_kind::by_default}),
                    op::column("at", type::timestamp_tz(),
                               {.nullable = false, .server_default = "now()"}),
                    op::column("kind", type::text(), {.server_default = op::literal("it's")}),
                },
                {}, {.schema = "audit", .if_not_exists = true})),
            "CREATE TABLE IF NOT EXISTS \"audit\".\"events\" (\n"
            "    \"id\" integer GENERATED BY DEFAULT AS IDENTITY,\n"
            "    \"at\" timestamp with time zone DEFAULT now() NOT NULL,\n"
            "    \"kind\" text DEFAULT 'it''s'\n"
            ")");
}

TEST(render_create_table, renders_a_stored_generated_column) {
  EXPECT_EQ(sql(op::create_table(
                "lines",
                {op::column("quantity", type::integer()), op::column("price", type::numeric(10, 2)),
                 op::column("amount", type::numeric(12, 2),
                            {.nullable = false, .generated = "quantity * price"})})),
            "CREATE TABLE \"lines\" (\n"
            "    \"quantity\" integer,\n"
            "    \"price\" numeric(10,2),\n"
            "    \"amount\" numeric(12,2) GENERATED ALWAYS AS (quantity * price) STORED NOT NULL\n"
            ")");
  EXPECT_EQ(sql(op::add_column("lines", op::column("double_price", type::numeric(12, 2),
                                                   {.generated = "price * 2"}))),
            "ALTER TABLE \"lines\" ADD COLUMN \"double_price\" numeric(12,2) GENERATED ALWAYS AS "
            "(price * 2) STORED");
}

TEST(render_create_table, refuses_a_generated_column_with_a_default_or_an_identity) {
  EXPECT_THAT(error_of(op::add_column(
                  "lines", op::column("amount", type::integer(),
                                      {.server_default = "0", .generated = "quantity * 2"}))),
              HasSubstr("column amount is generated, so it can have no server_default"));
  EXPECT_THAT(error_of(op::add_column("lines", op::column("amount", type::integer(),
                                                          {.identity = op::identity_kind::always,
                                                           .generated = "quantity * 2"}))),
              HasSubstr("column amount is generated, so it can have no identity"));
}

TEST(render_create_table, follows_with_comment_statements_table_first_then_columns_in_order) {
  auto table = op::create_table(
      "products",
      {
          op::column("sku", type::text(), {.primary_key = true, .comment = "stock-keeping unit"}),
          op::column("name", type::text()),
          op::column("price", type::numeric(10, 2), {.comment = "in euros, VAT included"}),
      },
      {}, {.schema = "sales", .comment = "Wines we sell, one row per SKU"});
  EXPECT_EQ(render(table),
            (statements{
                {"CREATE TABLE \"sales\".\"products\" (\n"
                 "    \"sku\" text NOT NULL PRIMARY KEY,\n"
                 "    \"name\" text,\n"
                 "    \"price\" numeric(10,2)\n"
                 ")"},
                {"COMMENT ON TABLE \"sales\".\"products\" IS 'Wines we sell, one row per SKU'"},
                {"COMMENT ON COLUMN \"sales\".\"products\".\"sku\" IS 'stock-keeping unit'"},
                {"COMMENT ON COLUMN \"sales\".\"products\".\"price\" IS 'in euros, VAT included'"},
            }));
}

TEST(render_create_table, renders_every_table_constraint_kind) {
  EXPECT_EQ(
      sql(op::create_table(
          "order_lines",
          {op::column("order_id", type::bigint()), op::column("line", type::integer()),
           op::column("sku", type::text()), op::column("quantity", type::integer())},
          {
              op::primary_key({"order_id", "line"}, {"pk_order_lines"}),
              op::foreign_key({"order_id"}, "orders", {"id"},
                              {.name = "fk_order_lines_order",
                               .referent_schema = "sales",
                               .on_delete = op::referential_action::cascade,
                               .on_update = op::referential_action::restrict,
                               .deferrable = true,
                               .initially_deferred = true}),
              op::foreign_key({"sku"}, "products", {"sku"}),
              op::unique({"order_id", "sku"}, {.deferrable = true}),
              op::check("quantity > 0", {"ck_quantity_positive"}),
              op::check("line >= 1"),
          })),
      "CREATE TABLE \"order_lines\" (\n"
      "    \"order_id\" bigint,\n"
      "    \"line\" integer,\n"
      "    \"sku\" text,\n"
      "    \"quantity\" integer,\n"
      "    CONSTRAINT \"pk_order_lines\" PRIMARY KEY (\"order_id\", \"line\"),\n"
      "    CONSTRAINT \"fk_order_lines_order\" FOREIGN KEY (\"order_id\") REFERENCES "
      "\"sales\".\"orders\" (\"id\") ON DELETE CASCADE ON UPDATE RESTRICT DEFERRABLE INITIALLY "
      "DEFERRED,\n"
      "    FOREIGN KEY (\"sku\") REFERENCES \"products\" (\"sku\"),\n"
      "    UNIQUE (\"order_id\", \"sku\") DEFERRABLE,\n"
      "    CONSTRAINT \"ck_quantity_positive\" CHECK (quantity > 0),\n"
      "    CHECK (line >= 1)\n"
      ")");
}

TEST(render_create_table, spells_each_referential_action_and_omits_no_action) {
  auto fk = [](op::referential_action action) {
    return sql(op::create_table(
        "t", {op::column("p", type::integer())},
        {op::foreign_key({"p"}, "parent", {"id"}, {.on_delete = action, .on_update = action})}));
  };
  auto line = [](std::string_view actions) {
    return fmt::format(
        "CREATE TABLE \"t\" (\n    \"p\" integer,\n    FOREIGN KEY (\"p\") REFERENCES \"parent\" "
        "(\"id\"){}\n)",
        actions);
  };
  EXPECT_EQ(fk(op::referential_action::no_action), line(""));
  EXPECT_EQ(fk(op::referential_action::restrict), line(" ON DELETE RESTRICT ON UPDATE RESTRICT"));
  EXPECT_EQ(fk(op::referential_action::cascade), line(" ON DELETE CASCADE ON UPDATE CASCADE"));
  EXPECT_EQ(fk(op::referential_action::set_null), line(" ON DELETE SET NULL ON UPDATE SET NULL"));
  EXPECT_EQ(fk(op::referential_action::set_default),
            line(" ON DELETE SET DEFAULT ON UPDATE SET DEFAULT"));
}

TEST(render_create_table, references_the_primary_key_when_no_referent_columns_are_given) {
  auto table = op::create_table("t", {op::column("p", type::integer())},
                                {op::foreign_key({"p"}, "parent", {}, {.name = "fk"})});
  EXPECT_EQ(sql(table),
            "CREATE TABLE \"t\" (\n"
            "    \"p\" integer,\n"
            "    CONSTRAINT \"fk\" FOREIGN KEY (\"p\") REFERENCES \"parent\"\n"
            ")");
}

TEST(render_create_table, initially_deferred_implies_deferrable) {
  EXPECT_EQ(sql(op::create_table("t", {op::column("a", type::integer())},
                                 {op::unique({"a"}, {.initially_deferred = true})})),
            "CREATE TABLE \"t\" (\n"
            "    \"a\" integer,\n"
            "    UNIQUE (\"a\") DEFERRABLE INITIALLY DEFERRED\n"
            ")");
}

TEST(render_create_table, of_no_columns_is_valid_postgresql) {
  EXPECT_EQ(sql(op::create_table("marker", {})), "CREATE TABLE \"marker\" ()");
}

TEST(render_create_table, quotes_hostile_reserved_mixed_case_and_unicode_names) {
  EXPECT_EQ(render(op::create_table(
                "a\"b; DROP TABLE x;--",
                {op::column("select", type::text()), op::column("MixedCase", type::integer()),
                 op::column("prénom", type::text(), {.comment = "it's"})},
                {op::check("\"MixedCase\" > 0", {"a\"b"})}, {.schema = "Select"})),
            (statements{
                {"CREATE TABLE \"Select\".\"a\"\"b; DROP TABLE x;--\" (\n"
                 "    \"select\" text,\n"
                 "    \"MixedCase\" integer,\n"
                 "    \"prénom\" text,\n"
                 "    CONSTRAINT \"a\"\"b\" CHECK (\"MixedCase\" > 0)\n"
                 ")"},
                {"COMMENT ON COLUMN \"Select\".\"a\"\"b; DROP TABLE x;--\".\"prénom\" IS 'it''s'"},
            }));
}

TEST(render_create_table, refuses_a_key_without_columns_naming_the_table) {
  ops::create_table table{
      .name = "t", .columns = {}, .constraints = {ops::primary_key_constraint{}}};
  EXPECT_EQ(error_of(table), "create_table t: a primary key needs at least one column");
}

TEST(render_create_table, names_the_operation_when_an_identifier_is_invalid) {
  ops::create_table table{.name = "t", .columns = {{.name = "", .type = type::text()}}};
  EXPECT_EQ(error_of<invalid_identifier>(table), "create_table t: empty identifier");
}

// --- drop_table, rename_table ------------------------------------------------------------------

TEST(render_drop_table, renders_plain_and_with_every_option) {
  EXPECT_EQ(sql(op::drop_table("products")), "DROP TABLE \"products\"");
  EXPECT_EQ(
      sql(op::drop_table("products", {.schema = "sales", .if_exists = true, .cascade = true})),
      "DROP TABLE IF EXISTS \"sales\".\"products\" CASCADE");
}

TEST(render_rename_table, qualifies_only_the_old_name) {
  EXPECT_EQ(sql(op::rename_table("wines", "products")),
            "ALTER TABLE \"wines\" RENAME TO \"products\"");
  EXPECT_EQ(sql(op::rename_table("wines", "products", {.schema = "sales"})),
            "ALTER TABLE \"sales\".\"wines\" RENAME TO \"products\"");
}

// --- Columns
// ---------------------------------------------------------------------------------------

TEST(render_add_column, renders_the_full_column_definition) {
  EXPECT_EQ(sql(op::add_column("products", op::column("alcohol", type::numeric(4, 1)))),
            "ALTER TABLE \"products\" ADD COLUMN \"alcohol\" numeric(4,1)");
  EXPECT_EQ(sql(op::add_column("products",
                               op::column("tags", type::array(type::text()),
                                          {.nullable = false, .server_default = "'{}'"}),
                               {.schema = "sales"})),
            "ALTER TABLE \"sales\".\"products\" ADD COLUMN \"tags\" text[] DEFAULT '{}' NOT NULL");
}

TEST(render_add_column, follows_with_the_column_comment) {
  EXPECT_EQ(
      render(op::add_column("products", op::column("alcohol", type::numeric(4, 1),
                                                   {.comment = "percent alcohol by volume"}))),
      (statements{
          {"ALTER TABLE \"products\" ADD COLUMN \"alcohol\" numeric(4,1)"},
          {"COMMENT ON COLUMN \"products\".\"alcohol\" IS 'percent alcohol by volume'"},
      }));
}

TEST(render_drop_column, renders_plain_and_qualified) {
  EXPECT_EQ(sql(op::drop_column("products", "legacy_note")),
            "ALTER TABLE \"products\" DROP COLUMN \"legacy_note\"");
  EXPECT_EQ(sql(op::drop_column("products", "legacy_note", {.schema = "sales"})),
            "ALTER TABLE \"sales\".\"products\" DROP COLUMN \"legacy_note\"");
}

TEST(render_alter_column, renders_each_change_alone) {
  EXPECT_EQ(sql(op::alter_column("products", "price", {.type = type::numeric(12, 2)})),
            "ALTER TABLE \"products\" ALTER COLUMN \"price\" TYPE numeric(12,2)");
  EXPECT_EQ(sql(op::alter_column("products", "year",
                                 {.type = type::integer(), .using_expression = "year::integer"})),
            "ALTER TABLE \"products\" ALTER COLUMN \"year\" TYPE integer USING year::integer");
  EXPECT_EQ(sql(op::alter_column("products", "alcohol", {.nullable = false})),
            "ALTER TABLE \"products\" ALTER COLUMN \"alcohol\" SET NOT NULL");
  EXPECT_EQ(sql(op::alter_column("products", "alcohol", {.nullable = true})),
            "ALTER TABLE \"products\" ALTER COLUMN \"alcohol\" DROP NOT NULL");
  EXPECT_EQ(sql(op::alter_column("products", "created_at", {.server_default = "now()"})),
            "ALTER TABLE \"products\" ALTER COLUMN \"created_at\" SET DEFAULT now()");
  EXPECT_EQ(sql(op::alter_column("products", "created_at", {.server_default = op::drop_default})),
            "ALTER TABLE \"products\" ALTER COLUMN \"created_at\" DROP DEFAULT");
  EXPECT_EQ(sql(op::alter_column("products", "name", {.new_name = "title"})),
            "ALTER TABLE \"products\" RENAME COLUMN \"name\" TO \"title\"");
}

TEST(render_alter_column, shares_one_alter_table_and_renames_last_in_its_own_statement) {
  EXPECT_EQ(render(op::alter_column("products", "price",
                                    {.type = type::numeric(12, 2),
                                     .using_expression = "round(price, 2)",
                                     .nullable = false,
                                     .server_default = "0",
                                     .new_name = "list_price",
                                     .schema = "sales"})),
            (statements{
                {"ALTER TABLE \"sales\".\"products\" ALTER COLUMN \"price\" DROP DEFAULT, "
                 "ALTER COLUMN \"price\" TYPE numeric(12,2) USING round(price, 2), ALTER COLUMN "
                 "\"price\" SET NOT NULL, ALTER COLUMN \"price\" SET DEFAULT 0"},
                {"ALTER TABLE \"sales\".\"products\" RENAME COLUMN \"price\" TO \"list_price\""},
            }));
}

TEST(render_alter_column, drops_the_old_default_first_so_it_cannot_block_a_type_change) {
  EXPECT_EQ(
      sql(op::alter_column(
          "products", "vintage",
          {.type = type::integer(), .using_expression = "length(vintage)", .server_default = "0"})),
      "ALTER TABLE \"products\" ALTER COLUMN \"vintage\" DROP DEFAULT, ALTER COLUMN "
      "\"vintage\" TYPE integer USING length(vintage), ALTER COLUMN \"vintage\" SET "
      "DEFAULT 0");
  EXPECT_EQ(sql(op::alter_column("products", "vintage",
                                 {.type = type::integer(), .server_default = op::drop_default})),
            "ALTER TABLE \"products\" ALTER COLUMN \"vintage\" DROP DEFAULT, ALTER COLUMN "
            "\"vintage\" TYPE integer");
}

TEST(render_alter_column, ignores_the_existing_fields_which_serve_only_reversal) {
  EXPECT_EQ(sql(op::alter_column("products", "alcohol",
                                 {.nullable = false,
                                  .existing_type = type::numeric(4, 1),
                                  .existing_nullable = true,
                                  .existing_server_default = op::drop_default})),
            "ALTER TABLE \"products\" ALTER COLUMN \"alcohol\" SET NOT NULL");
}

TEST(render_alter_column, with_nothing_to_change_is_refused_with_the_column_named) {
  EXPECT_EQ(error_of(op::alter_column("products", "price", {.existing_nullable = true})),
            "alter_column products.price: nothing to change; set at least one of `type`, "
            "`nullable`, `server_default`, `identity`, `statistics` or `new_name`");
}

TEST(render_alter_column, refuses_using_without_a_type_change) {
  EXPECT_EQ(error_of(op::alter_column("products", "price",
                                      {.using_expression = "price::numeric", .nullable = false})),
            "alter_column products.price: `using_expression` applies only to a type change; set "
            "`type` too");
}

// --- Indexes -----------------------------------------------------------------------------------

TEST(render_create_index, renders_a_plain_btree_index_without_using) {
  EXPECT_EQ(sql(op::create_index("ix_products_name", "products", {"name"})),
            "CREATE INDEX \"ix_products_name\" ON \"products\" (\"name\")");
  EXPECT_EQ(sql(op::create_index("ix_products_name", "products", {"name"}, {.method = op::btree})),
            "CREATE INDEX \"ix_products_name\" ON \"products\" (\"name\")");
}

TEST(render_create_index, renders_method_and_quoted_operator_class) {
  EXPECT_EQ(
      sql(op::create_index("ix_products_name_trgm", "products",
                           {op::key("name", {.opclass = "gin_trgm_ops"})}, {.method = op::gin})),
      "CREATE INDEX \"ix_products_name_trgm\" ON \"products\" USING \"gin\" (\"name\" "
      "\"gin_trgm_ops\")");
  EXPECT_EQ(sql(op::create_index("ix_embedding", "items", {"embedding"},
                                 {.method = op::index_method{"hnsw"}})),
            "CREATE INDEX \"ix_embedding\" ON \"items\" USING \"hnsw\" (\"embedding\")");
}

TEST(render_create_index, renders_expressions_ordering_include_and_predicate) {
  EXPECT_EQ(
      sql(op::create_index(
          "ix_products_search", "products",
          {op::expression("lower(name)"),
           op::key("price", {.descending = true, .nulls = op::nulls_order::last}),
           op::key("created_at", {.nulls = op::nulls_order::first}),
           op::expression("(price * 2)", {.opclass = "numeric_ops", .descending = true})},
          {.unique = true, .include = {"sku", "Name"}, .where = "price > 0", .schema = "sales"})),
      "CREATE UNIQUE INDEX \"ix_products_search\" ON \"sales\".\"products\" "
      "((lower(name)), \"price\" DESC NULLS LAST, \"created_at\" NULLS FIRST, "
      "((price * 2)) \"numeric_ops\" DESC) INCLUDE (\"sku\", \"Name\") WHERE price > 0");
}

TEST(render_create_index, concurrently_is_not_transactional) {
  EXPECT_EQ(render(op::create_index("ix_products_price", "products", {"price"},
                                    {.concurrently = true, .if_not_exists = true})),
            (statements{{"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"ix_products_price\" ON "
                         "\"products\" (\"price\")",
                         {},
                         false}}));
}

TEST(render_create_index, without_keys_is_refused) {
  EXPECT_EQ(error_of(op::create_index("ix", "products", {})),
            "create_index ix on products: an index needs at least one column or expression");
}

TEST(render_drop_index, qualifies_the_index_name) {
  EXPECT_EQ(sql(op::drop_index("ix_products_name")), "DROP INDEX \"ix_products_name\"");
  EXPECT_EQ(sql(op::drop_index("ix_products_name", {.schema = "sales", .if_exists = true})),
            "DROP INDEX IF EXISTS \"sales\".\"ix_products_name\"");
}

TEST(render_drop_index, concurrently_is_not_transactional) {
  EXPECT_EQ(render(op::drop_index("ix_products_price", {.concurrently = true, .if_exists = true})),
            (statements{{"DROP INDEX CONCURRENTLY IF EXISTS \"ix_products_price\"", {}, false}}));
}

// --- Constraints on existing tables ------------------------------------------------------------

TEST(render_add_constraint, renders_each_kind) {
  EXPECT_EQ(sql(op::create_primary_key("pk_products", "products", {"sku"})),
            "ALTER TABLE \"products\" ADD CONSTRAINT \"pk_products\" PRIMARY KEY (\"sku\")");
  EXPECT_EQ(sql(op::create_foreign_key("fk_products_producer", "products", "producers",
                                       {"producer_id"}, {"id"},
                                       {.source_schema = "sales",
                                        .referent_schema = "people",
                                        .on_delete = op::referential_action::set_null,
                                        .deferrable = true})),
            "ALTER TABLE \"sales\".\"products\" ADD CONSTRAINT \"fk_products_producer\" FOREIGN "
            "KEY (\"producer_id\") REFERENCES \"people\".\"producers\" (\"id\") ON DELETE SET "
            "NULL DEFERRABLE");
  EXPECT_EQ(sql(op::create_unique_constraint("uq_products_name", "products", {"name", "vintage"},
                                             {.deferrable = true, .initially_deferred = true})),
            "ALTER TABLE \"products\" ADD CONSTRAINT \"uq_products_name\" UNIQUE (\"name\", "
            "\"vintage\") DEFERRABLE INITIALLY DEFERRED");
  EXPECT_EQ(sql(op::create_check_constraint("ck_products_alcohol_range", "products",
                                            "alcohol BETWEEN 0 AND 25")),
            "ALTER TABLE \"products\" ADD CONSTRAINT \"ck_products_alcohol_range\" CHECK "
            "(alcohol BETWEEN 0 AND 25)");
}

TEST(render_add_constraint, without_a_name_lets_postgresql_choose_it) {
  EXPECT_EQ(sql(ops::add_constraint{.table = "products", .constraint = op::primary_key({"sku"})}),
            "ALTER TABLE \"products\" ADD PRIMARY KEY (\"sku\")");
}

TEST(render_drop_constraint, renders_plain_and_with_every_option) {
  EXPECT_EQ(sql(op::drop_constraint("ck_products_alcohol_range", "products")),
            "ALTER TABLE \"products\" DROP CONSTRAINT \"ck_products_alcohol_range\"");
  EXPECT_EQ(sql(op::drop_constraint("ck_products_alcohol_range", "products",
                                    {.schema = "sales", .if_exists = true})),
            "ALTER TABLE \"sales\".\"products\" DROP CONSTRAINT IF EXISTS "
            "\"ck_products_alcohol_range\"");
}

// --- Extensions ----------------------------------------------------------------------------------

TEST(render_create_extension, is_if_not_exists_by_default) {
  EXPECT_EQ(sql(op::create_extension("pg_trgm")), "CREATE EXTENSION IF NOT EXISTS \"pg_trgm\"");
  EXPECT_EQ(sql(op::create_extension(
                "pg_trgm", {.schema = "extensions", .version = "1.6", .if_not_exists = false})),
            "CREATE EXTENSION \"pg_trgm\" SCHEMA \"extensions\" VERSION '1.6'");
}

TEST(render_drop_extension, is_if_exists_by_default) {
  EXPECT_EQ(sql(op::drop_extension("pg_trgm")), "DROP EXTENSION IF EXISTS \"pg_trgm\"");
  EXPECT_EQ(sql(op::drop_extension("pg_trgm", {.if_exists = false, .cascade = true})),
            "DROP EXTENSION \"pg_trgm\" CASCADE");
}

// --- Raw SQL, data, comments ---------------------------------------------------------------------

TEST(render_execute, runs_the_sql_as_written) {
  EXPECT_EQ(sql(op::execute("UPDATE products SET alcohol = 12.5 WHERE alcohol IS NULL")),
            "UPDATE products SET alcohol = 12.5 WHERE alcohol IS NULL");
}

TEST(render_execute, refuses_a_nul_byte_that_would_cut_the_statement_short) {
  EXPECT_THAT(error_of(op::execute("SELECT 1\0; DROP TABLE x"s)), HasSubstr("NUL byte"));
}

TEST(render_bulk_insert, sends_values_as_parameters_never_in_the_sql) {
  EXPECT_EQ(render(op::bulk_insert("a\"b; DROP TABLE x;--", {"select", "MixedCase", "prénom"},
                                   {{"'); DROP TABLE x; --", 1, "Zoë"}, {nullptr, 2, "\"quoted\""}},
                                   {.schema = "sales"})),
            (statements{{"INSERT INTO \"sales\".\"a\"\"b; DROP TABLE x;--\" (\"select\", "
                         "\"MixedCase\", \"prénom\") VALUES ($1, $2, $3), ($4, $5, $6)",
                         {"'); DROP TABLE x; --", "1", "Zoë", std::nullopt, "2", "\"quoted\""}}}));
}

TEST(render_bulk_insert, writes_each_value_kind_as_postgresql_text) {
  auto inf = std::numeric_limits<double>::infinity();
  auto statement = render(op::bulk_insert("t", {"v"},
                                          {{true},
                                           {false},
                                           {std::int64_t{-9223372036854775807 - 1}},
                                           {0.1},
                                           {18.5},
                                           {32.0},
                                           {1e300},
                                           {-inf},
                                           {inf},
                                           {std::nan("")},
                                           {""},
                                           {nullptr}}));
  ASSERT_EQ(statement.size(), 1U);
  EXPECT_EQ(statement[0].params,
            (params{"true", "false", "-9223372036854775808", "0.1", "18.5", "32", "1e+300",
                    "-Infinity", "Infinity", "NaN", "", std::nullopt}));
}

TEST(render_bulk_insert, of_no_rows_renders_nothing) {
  EXPECT_THAT(render(op::bulk_insert("t", {"a"}, {})), IsEmpty());
}

TEST(render_bulk_insert, refuses_a_value_with_a_nul_byte) {
  EXPECT_THAT(error_of(op::bulk_insert("t", {"a"}, {{"a\0b"s}})),
              StartsWith("bulk_insert into t: a value contains a NUL byte"));
}

TEST(render_bulk_insert, refuses_a_row_of_the_wrong_width_built_without_the_dsl) {
  ops::bulk_insert insert{.table = "t", .columns = {"a", "b"}, .rows = {{1, 2}, {3}}};
  EXPECT_EQ(error_of(insert), "bulk_insert into t: row 2 has 1 values for 2 columns");
}

// Rows of `width` integer columns, `count` of them, built as an author would.
ops::bulk_insert wide_insert(std::size_t width, std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t c = 0; c < width; ++c) {
    names.push_back(fmt::format("c{}", c));
  }
  std::vector<name> columns(names.begin(), names.end());
  std::vector<std::vector<ops::value>> rows(count);
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t c = 0; c < width; ++c) {
      rows[r].emplace_back(static_cast<std::int64_t>(r * width + c));
    }
  }
  return op::bulk_insert("t", columns, std::move(rows));
}

TEST(render_bulk_insert, splits_at_1000_rows_and_numbers_parameters_from_1_in_each_statement) {
  auto out = render(wide_insert(1, 2500));
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].params.size(), 1000U);  // one column: one parameter per row
  EXPECT_EQ(out[1].params.size(), 1000U);
  EXPECT_EQ(out[2].params.size(), 500U);
  EXPECT_THAT(out[2].sql, StartsWith("INSERT INTO \"t\" (\"c0\") VALUES ($1), ($2), "));
  EXPECT_THAT(out[2].sql, ::testing::EndsWith(", ($500)"));
  EXPECT_EQ(out[2].params.front(), "2000");
  EXPECT_EQ(out[2].params.back(), "2499");
}

TEST(render_bulk_insert, splits_so_no_statement_exceeds_65535_parameters) {
  auto out = render(wide_insert(100, 1000));  // 655 rows of 100 columns fit, 656 do not
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].params.size(), 65500U);
  EXPECT_THAT(out[0].sql, ::testing::EndsWith("$65500)"));
  EXPECT_EQ(out[1].params.size(), 34500U);
  EXPECT_EQ(out[1].params.front(), "65500");
  EXPECT_THAT(out[1].sql, ::testing::EndsWith("$34500)"));
}

TEST(render_bulk_insert, keeps_the_row_limit_when_parameters_would_allow_more) {
  auto out = render(wide_insert(65, 1009));  // 1008 rows would fit in the parameters
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].params.size(), 65000U);
  EXPECT_EQ(out[1].params.size(), 9U * 65U);
}

TEST(render_set_table_comment, sets_and_removes) {
  EXPECT_EQ(sql(op::set_table_comment("products", "Wines we sell; it's one row per SKU")),
            "COMMENT ON TABLE \"products\" IS 'Wines we sell; it''s one row per SKU'");
  EXPECT_EQ(sql(op::set_table_comment("products", std::nullopt, {.schema = "sales"})),
            "COMMENT ON TABLE \"sales\".\"products\" IS NULL");
}

TEST(render_set_column_comment, sets_and_removes) {
  EXPECT_EQ(
      sql(op::set_column_comment("products", "alcohol", "percent by volume", {.schema = "sales"})),
      "COMMENT ON COLUMN \"sales\".\"products\".\"alcohol\" IS 'percent by volume'");
  EXPECT_EQ(sql(op::set_column_comment("products", "alcohol", std::nullopt)),
            "COMMENT ON COLUMN \"products\".\"alcohol\" IS NULL");
}

// --- Schemas, enum types, sequences, identity -------------------------------------------------

TEST(render_schema_objects, schemas_and_enum_types) {
  EXPECT_EQ(sql(op::create_schema("audit")), R"(CREATE SCHEMA "audit")");
  EXPECT_EQ(sql(op::drop_schema("audit", {.cascade = true})), R"(DROP SCHEMA "audit" CASCADE)");
  EXPECT_EQ(sql(op::create_enum("mood", {"happy", "it's"}, {.schema = "s"})),
            R"(CREATE TYPE "s"."mood" AS ENUM ('happy', 'it''s'))");
  EXPECT_EQ(sql(op::drop_enum("mood")), R"(DROP TYPE "mood")");
  EXPECT_EQ(sql(op::add_enum_value("mood", "calm", {.before = "happy"})),
            R"(ALTER TYPE "mood" ADD VALUE 'calm' BEFORE 'happy')");
  EXPECT_EQ(sql(op::add_enum_value("mood", "meh", {.after = "happy", .if_not_exists = true})),
            R"(ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'meh' AFTER 'happy')");
  EXPECT_THAT(error_of(op::add_enum_value("mood", "x", {.before = "a", .after = "b"})),
              HasSubstr("set `before` or `after`, not both"));
}

TEST(render_schema_objects, sequences_say_only_what_is_set) {
  EXPECT_EQ(sql(op::create_sequence("n")), R"(CREATE SEQUENCE "n")");
  EXPECT_EQ(sql(op::create_sequence("n", {.data_type = type::integer(),
                                          .start = 100,
                                          .increment = -1,
                                          .min_value = 1,
                                          .max_value = 100,
                                          .cache = 5,
                                          .cycle = true})),
            R"(CREATE SEQUENCE "n" AS integer INCREMENT BY -1 MINVALUE 1 MAXVALUE 100 )"
            R"(START WITH 100 CACHE 5 CYCLE)");
  EXPECT_EQ(sql(op::drop_sequence("n", {.schema = "s", .if_exists = true})),
            R"(DROP SEQUENCE IF EXISTS "s"."n")");
}

TEST(render_schema_objects, identity_is_added_changed_or_dropped) {
  EXPECT_EQ(sql(op::alter_column("t", "id", {.identity = op::identity_kind::always})),
            R"(ALTER TABLE "t" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY)");
  EXPECT_EQ(sql(op::alter_column("t", "id",
                                 {.identity = op::identity_kind::by_default,
                                  .existing_identity = op::identity_kind::always})),
            R"(ALTER TABLE "t" ALTER COLUMN "id" SET GENERATED BY DEFAULT)");
  EXPECT_EQ(sql(op::alter_column("t", "id", {.identity = op::drop_identity})),
            R"(ALTER TABLE "t" ALTER COLUMN "id" DROP IDENTITY)");
}

}  // namespace
}  // namespace render
}  // namespace retort

namespace retort::render {
namespace {

TEST(render_partitioning, a_partitioned_table_its_partitions_and_an_inheritance_child) {
  EXPECT_EQ(sql(op::create_table("events",
                                 {op::column("at", type::date(), {.nullable = false}),
                                  op::column("region", type::text())},
                                 {}, {.partition_by = "RANGE (at)"})),
            "CREATE TABLE \"events\" (\n    \"at\" date NOT NULL,\n    \"region\" text\n) "
            "PARTITION BY RANGE (at)");
  EXPECT_EQ(sql(op::create_partition(
                "events_2026", "events", "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                {.schema = "sales", .parent_schema = "sales", .partition_by = "LIST (region)"})),
            "CREATE TABLE \"sales\".\"events_2026\" PARTITION OF \"sales\".\"events\" FOR VALUES "
            "FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (region)");
  EXPECT_EQ(
      sql(op::create_partition("events_other", "events", "DEFAULT",
                               {.constraints = {op::check("at > '2000-01-01'", {"ck_recent"})}})),
      "CREATE TABLE \"events_other\" PARTITION OF \"events\" (\n    CONSTRAINT "
      "\"ck_recent\" CHECK (at > '2000-01-01')\n) DEFAULT");
  EXPECT_EQ(sql(op::create_table("urgent", {op::column("level", type::integer())}, {},
                                 {.inherits = {{.name = "note", .schema = "audit"}}})),
            "CREATE TABLE \"urgent\" (\n    \"level\" integer\n) INHERITS (\"audit\".\"note\")");
  EXPECT_THAT(error_of(op::create_partition("p", "events", "")),
              HasSubstr("a partition needs its bound"));

  EXPECT_EQ(sql(op::attach_partition("events", "events_2027",
                                     "FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')")),
            "ALTER TABLE \"events\" ATTACH PARTITION \"events_2027\" FOR VALUES FROM "
            "('2027-01-01') TO ('2028-01-01')");
  const auto detach = pg.render(
      op::detach_partition("events", "events_2026", {.schema = "sales", .concurrently = true}));
  ASSERT_EQ(detach.size(), 1u);
  EXPECT_EQ(detach[0].sql,
            "ALTER TABLE \"sales\".\"events\" DETACH PARTITION \"events_2026\" CONCURRENTLY");
  EXPECT_FALSE(detach[0].transactional) << "CONCURRENTLY cannot run in a transaction block";
  // Each is the other's reverse; a detach without the bound it had cannot be reversed.
  const auto attach = retort::reverse(operation{
      op::detach_partition("events", "events_2026", {.existing_bound = "FOR VALUES IN ('x')"})});
  EXPECT_EQ(std::get<ops::attach_partition>(attach).bound, "FOR VALUES IN ('x')");
  EXPECT_THROW((void)retort::reverse(operation{op::detach_partition("events", "events_2026")}),
               irreversible_operation);
}

}  // namespace
}  // namespace retort::render
