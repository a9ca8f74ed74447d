#pragma once

#include <retort/model/schema.hpp>

/// A model that uses every feature of the schema model, in two schemas, as an application
/// would declare it. The autogenerate tests build it from nothing and compare it back.
namespace retort::testing {

inline model::schema rich_model() {
  namespace type = op::type;
  model::schema s;
  s.named_schema("audit");
  s.extension("pg_trgm");
  s.enum_type("wine_colour", {"red", "white", "rose"});
  s.enum_type("event_kind", {"insert", "update"}, {.schema = "audit"});
  s.sequence("order_numbers", {.start = 1000, .increment = 10, .cache = 5});

  s.table("producers", {.comment = "Who makes the wine"})
      .column("id", type::bigint(), {.identity = op::identity_kind::always, .primary_key = true})
      .column("name", type::varchar(200), {.nullable = false, .comment = "Trading name"})
      .column("country", type::character(2), {.nullable = false, .server_default = "'FR'"})
      .column("founded", type::date())
      .unique({"name"})
      .check("ck_producers_country_upper", "country = upper(country)");

  s.table("products")
      .column("id", type::serial(), {.primary_key = true})
      .column("producer_id", type::bigint(), {.nullable = false})
      .column("name", type::text(), {.nullable = false})
      .column("colour", type::custom("wine_colour"), {.nullable = false})
      .column("price", type::numeric(10, 2), {.nullable = false, .server_default = "0"})
      .column("alcohol", type::numeric(4, 1))
      .column("tags", type::array(type::text()), {.server_default = "'{}'"})
      .column("details", type::jsonb(), {.nullable = false, .server_default = "'{}'::jsonb"})
      .column("code", type::uuid())
      .column("created_at", type::timestamp_tz(3), {.nullable = false, .server_default = "now()"})
      .column("active", type::boolean(), {.nullable = false, .server_default = "true"})
      .column("price_with_tax", type::numeric(12, 2), {.generated = "round(price * 1.2, 2)"})
      .foreign_key({"producer_id"}, "producers", {"id"},
                   {.on_delete = op::referential_action::cascade})
      .unique({"producer_id", "name"}, {.name = "uq_products_producer_name", .deferrable = true})
      .check("ck_products_price_positive", "price >= 0")
      .index("ix_products_name_trgm", {op::key("name", {.opclass = "gin_trgm_ops"})},
             {.method = op::gin})
      .index("ix_products_active_price",
             {op::key("price", {.descending = true, .nulls = op::nulls_order::last})},
             {.include = {"name"}, .where = "active"})
      .index("ix_products_lower_name", {op::expression("lower(name)")}, {.unique = true})
      .index("ix_products_created", {"created_at", "id"});

  s.table("order_lines")
      .column("order_no", type::bigint(),
              {.nullable = false, .server_default = "nextval('order_numbers')"})
      .column("line", type::smallint(), {.nullable = false})
      .column("product_id", type::integer())
      .column("quantity", type::integer(), {.nullable = false, .server_default = "1"})
      .column("note", type::varchar())
      .primary_key({"order_no", "line"}, {.name = "pk_order_lines"})
      .foreign_key({"product_id"}, "products", {"id"},
                   {.name = "fk_order_lines_product",
                    .on_delete = op::referential_action::set_null,
                    .on_update = op::referential_action::restrict,
                    .deferrable = true,
                    .initially_deferred = true})
      .check("ck_order_lines_quantity", "quantity > 0 AND quantity < 1000");

  s.table("events", {.schema = "audit", .comment = "What happened"})
      .column("id", type::bigint(),
              {.identity = op::identity_kind::by_default, .primary_key = true})
      .column("kind", type::custom("audit", "event_kind"), {.nullable = false})
      .column("product_id", type::integer())
      .column("at", type::timestamp_tz(),
              {.nullable = false, .server_default = "CURRENT_TIMESTAMP"})
      .column("payload", type::json())
      .column("elapsed", type::interval())
      .foreign_key({"product_id"}, "products", {"id"}, {.name = "fk_events_product"})
      .index("ix_events_at", {"at"}, {.method = op::brin});
  return s;
}

/// The rich model after a round of edits of every kind: columns added, dropped and altered
/// (type, nullability, default, identity, comment), indexes and constraints added, dropped and
/// changed, a table and a sequence added and dropped, an enum label added.
inline model::schema edited_model() {
  namespace type = op::type;
  auto s = rich_model();
  s.enums.at(0).values = {"red", "white", "orange", "rose"};
  s.sequences.clear();
  s.sequence("invoice_numbers", {.data_type = type::integer(), .start = 1});

  auto& producers = s.tables.at(0);
  producers.comment = "Who makes and sells the wine";
  producers.columns.erase(producers.columns.begin() + 3);  // founded
  producers.columns.at(1).type = type::varchar(300);
  producers.columns.at(1).comment.reset();
  producers.columns.at(2).server_default = "'IT'";
  producers.column("website", type::text());

  auto& products = s.tables.at(1);
  products.columns.at(5).nullable = false;           // alcohol
  products.columns.at(10).server_default = "false";  // active
  products.checks.at(0).condition = "price > 0";
  products.indexes.pop_back();  // ix_products_created
  products.index("ix_products_code", {"code"}, {.unique = true, .where = "code IS NOT NULL"});
  products.unique({"code"}, {.name = "uq_products_code"});

  auto& lines = s.tables.at(2);
  lines.columns.at(1).identity = op::identity_kind::by_default;  // line
  lines.foreign_keys.at(0).on_delete = op::referential_action::cascade;
  lines.columns.at(0).server_default = "nextval('invoice_numbers')";

  s.tables.pop_back();  // audit.events
  s.table("regions", {.schema = "audit"})
      .column("code", type::varchar(8), {.primary_key = true})
      .column("parent", type::varchar(8))
      .foreign_key({"parent"}, "regions", {"code"}, {.referent_schema = "audit"});
  return s;
}

}  // namespace retort::testing
