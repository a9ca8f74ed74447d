// drop everything
//
// Revision ID: a10000000003
// Revises: a10000000002
// Create Date: 2026-11-05 00:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "a10000000003",
    .down_revision = {"a10000000002"},
    .message = "drop everything",
    .branch_labels = {},
    .depends_on = {},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // 13 operations in groups of 10, each group a function of its own: the compiler's time grows
  // linearly with them.
  retort::operations ops;
  [&ops] {
    ops.append({
        op::drop_index(
            "ix_products_name_trgm",
            {
                .existing = op::create_index(
                    "ix_products_name_trgm",
                    "products",
                    {op::key("name", {.opclass = "gin_trgm_ops"})},
                    {.method = op::gin}).index}),
        op::drop_index(
            "ix_products_active_price",
            {
                .existing = op::create_index(
                    "ix_products_active_price",
                    "products",
                    {op::key("price", {.descending = true, .nulls = op::nulls_order::last})},
                    {.include = {"name"}, .where = "active"}).index}),
        op::drop_index(
            "ix_products_lower_name",
            {
                .existing = op::create_index(
                    "ix_products_lower_name",
                    "products",
                    {op::expression("lower(name)")},
                    {.unique = true}).index}),
        op::drop_index(
            "ix_products_code",
            {
                .existing = op::create_index(
                    "ix_products_code",
                    "products",
                    {"code"},
                    {.unique = true, .where = "code IS NOT NULL"}).index}),
        op::drop_table(
            "regions",
            {
                .schema = "audit",
                .existing = op::create_table(
                    "regions",
                    {
                        op::column("code", op::type::varchar(8), {.nullable = false}),
                        op::column("parent", op::type::varchar(8))},
                    {
                        op::primary_key({"code"}, {.name = "regions_pkey"}),
                        op::foreign_key(
                            {"parent"},
                            "regions",
                            {"code"},
                            {.name = "regions_parent_fkey", .referent_schema = "audit"})},
                    {.schema = "audit"})}),
        op::drop_table(
            "order_lines",
            {
                .existing = op::create_table(
                    "order_lines",
                    {
                        op::column(
                            "order_no",
                            op::type::bigint(),
                            {.nullable = false, .server_default = "nextval('invoice_numbers')"}),
                        op::column(
                            "line",
                            op::type::smallint(),
                            {.nullable = false, .identity = op::identity_kind::by_default}),
                        op::column("product_id", op::type::integer()),
                        op::column(
                            "quantity",
                            op::type::integer(),
                            {.nullable = false, .server_default = "1"}),
                        op::column("note", op::type::varchar())},
                    {
                        op::primary_key({"order_no", "line"}, {.name = "pk_order_lines"}),
                        op::check(
                            "quantity > 0 AND quantity < 1000",
                            {.name = "ck_order_lines_quantity"}),
                        op::foreign_key(
                            {"product_id"},
                            "products",
                            {"id"},
                            {
                                .name = "fk_order_lines_product",
                                .on_delete = op::referential_action::cascade,
                                .on_update = op::referential_action::restrict,
                                .deferrable = true,
                                .initially_deferred = true})})}),
        op::drop_table(
            "products",
            {
                .existing = op::create_table(
                    "products",
                    {
                        op::column("id", op::type::serial(), {.nullable = false}),
                        op::column("producer_id", op::type::bigint(), {.nullable = false}),
                        op::column("name", op::type::text(), {.nullable = false}),
                        op::column("colour", op::type::custom("wine_colour"), {.nullable = false}),
                        op::column(
                            "price",
                            op::type::numeric(10, 2),
                            {.nullable = false, .server_default = "0"}),
                        op::column("alcohol", op::type::numeric(4, 1), {.nullable = false}),
                        op::column(
                            "tags",
                            op::type::array(op::type::text()),
                            {.server_default = "'{}'"}),
                        op::column(
                            "details",
                            op::type::jsonb(),
                            {.nullable = false, .server_default = "'{}'::jsonb"}),
                        op::column("code", op::type::uuid()),
                        op::column(
                            "created_at",
                            op::type::timestamp_tz(3),
                            {.nullable = false, .server_default = "now()"}),
                        op::column(
                            "active",
                            op::type::boolean(),
                            {.nullable = false, .server_default = "false"}),
                        op::column(
                            "price_with_tax",
                            op::type::numeric(12, 2),
                            {.generated = "round(price * 1.2, 2)"})},
                    {
                        op::primary_key({"id"}, {.name = "products_pkey"}),
                        op::unique(
                            {"producer_id", "name"},
                            {.name = "uq_products_producer_name", .deferrable = true}),
                        op::unique({"code"}, {.name = "uq_products_code"}),
                        op::check("price > 0", {.name = "ck_products_price_positive"}),
                        op::foreign_key(
                            {"producer_id"},
                            "producers",
                            {"id"},
                            {
                                .name = "products_producer_id_fkey",
                                .on_delete = op::referential_action::cascade})})}),
        op::drop_table(
            "producers",
            {
                .existing = op::create_table(
                    "producers",
                    {
                        op::column(
                            "id",
                            op::type::bigint(),
                            {.nullable = false, .identity = op::identity_kind::always}),
                        op::column("name", op::type::varchar(300), {.nullable = false}),
                        op::column(
                            "country",
                            op::type::character(2),
                            {.nullable = false, .server_default = "'IT'"}),
                        op::column("website", op::type::text())},
                    {
                        op::primary_key({"id"}, {.name = "producers_pkey"}),
                        op::unique({"name"}, {.name = "producers_name_key"}),
                        op::check(
                            "country = upper(country)",
                            {.name = "ck_producers_country_upper"})},
                    {.comment = "Who makes and sells the wine"})}),
        op::drop_sequence(
            "invoice_numbers",
            {.existing = op::sequence("invoice_numbers", {.data_type = op::type::integer()})}),
        op::drop_enum(
            "event_kind",
            {.schema = "audit", .existing = std::vector<std::string>{"insert", "update"}}),
    });
  }();
  [&ops] {
    ops.append({
        op::drop_enum(
            "wine_colour",
            {.existing = std::vector<std::string>{"red", "white", "orange", "rose"}}),
        op::drop_extension("pg_trgm"),
        op::drop_schema("audit"),
    });
  }();
  return ops;
}

retort::operations downgrade() {
  // 13 operations in groups of 10, each group a function of its own: the compiler's time grows
  // linearly with them.
  retort::operations ops;
  [&ops] {
    ops.append({
        op::create_schema("audit"),
        op::create_extension("pg_trgm"),
        op::create_enum("wine_colour", {"red", "white", "orange", "rose"}),
        op::create_enum("event_kind", {"insert", "update"}, {.schema = "audit"}),
        op::create_sequence("invoice_numbers", {.data_type = op::type::integer()}),
        op::create_table(
            "producers",
            {
                op::column(
                    "id",
                    op::type::bigint(),
                    {.nullable = false, .identity = op::identity_kind::always}),
                op::column("name", op::type::varchar(300), {.nullable = false}),
                op::column(
                    "country",
                    op::type::character(2),
                    {.nullable = false, .server_default = "'IT'"}),
                op::column("website", op::type::text())},
            {
                op::primary_key({"id"}, {.name = "producers_pkey"}),
                op::unique({"name"}, {.name = "producers_name_key"}),
                op::check("country = upper(country)", {.name = "ck_producers_country_upper"})},
            {.comment = "Who makes and sells the wine"}),
        op::create_table(
            "products",
            {
                op::column("id", op::type::serial(), {.nullable = false}),
                op::column("producer_id", op::type::bigint(), {.nullable = false}),
                op::column("name", op::type::text(), {.nullable = false}),
                op::column("colour", op::type::custom("wine_colour"), {.nullable = false}),
                op::column(
                    "price",
                    op::type::numeric(10, 2),
                    {.nullable = false, .server_default = "0"}),
                op::column("alcohol", op::type::numeric(4, 1), {.nullable = false}),
                op::column("tags", op::type::array(op::type::text()), {.server_default = "'{}'"}),
                op::column(
                    "details",
                    op::type::jsonb(),
                    {.nullable = false, .server_default = "'{}'::jsonb"}),
                op::column("code", op::type::uuid()),
                op::column(
                    "created_at",
                    op::type::timestamp_tz(3),
                    {.nullable = false, .server_default = "now()"}),
                op::column(
                    "active",
                    op::type::boolean(),
                    {.nullable = false, .server_default = "false"}),
                op::column(
                    "price_with_tax",
                    op::type::numeric(12, 2),
                    {.generated = "round(price * 1.2, 2)"})},
            {
                op::primary_key({"id"}, {.name = "products_pkey"}),
                op::unique(
                    {"producer_id", "name"},
                    {.name = "uq_products_producer_name", .deferrable = true}),
                op::unique({"code"}, {.name = "uq_products_code"}),
                op::check("price > 0", {.name = "ck_products_price_positive"}),
                op::foreign_key(
                    {"producer_id"},
                    "producers",
                    {"id"},
                    {
                        .name = "products_producer_id_fkey",
                        .on_delete = op::referential_action::cascade})}),
        op::create_table(
            "order_lines",
            {
                op::column(
                    "order_no",
                    op::type::bigint(),
                    {.nullable = false, .server_default = "nextval('invoice_numbers')"}),
                op::column(
                    "line",
                    op::type::smallint(),
                    {.nullable = false, .identity = op::identity_kind::by_default}),
                op::column("product_id", op::type::integer()),
                op::column(
                    "quantity",
                    op::type::integer(),
                    {.nullable = false, .server_default = "1"}),
                op::column("note", op::type::varchar())},
            {
                op::primary_key({"order_no", "line"}, {.name = "pk_order_lines"}),
                op::check("quantity > 0 AND quantity < 1000", {.name = "ck_order_lines_quantity"}),
                op::foreign_key(
                    {"product_id"},
                    "products",
                    {"id"},
                    {
                        .name = "fk_order_lines_product",
                        .on_delete = op::referential_action::cascade,
                        .on_update = op::referential_action::restrict,
                        .deferrable = true,
                        .initially_deferred = true})}),
        op::create_table(
            "regions",
            {
                op::column("code", op::type::varchar(8), {.nullable = false}),
                op::column("parent", op::type::varchar(8))},
            {
                op::primary_key({"code"}, {.name = "regions_pkey"}),
                op::foreign_key(
                    {"parent"},
                    "regions",
                    {"code"},
                    {.name = "regions_parent_fkey", .referent_schema = "audit"})},
            {.schema = "audit"}),
        op::create_index(
            "ix_products_code",
            "products",
            {"code"},
            {.unique = true, .where = "code IS NOT NULL"}),
    });
  }();
  [&ops] {
    ops.append({
        op::create_index(
            "ix_products_lower_name",
            "products",
            {op::expression("lower(name)")},
            {.unique = true}),
        op::create_index(
            "ix_products_active_price",
            "products",
            {op::key("price", {.descending = true, .nulls = op::nulls_order::last})},
            {.include = {"name"}, .where = "active"}),
        op::create_index(
            "ix_products_name_trgm",
            "products",
            {op::key("name", {.opclass = "gin_trgm_ops"})},
            {.method = op::gin}),
    });
  }();
  return ops;
}
