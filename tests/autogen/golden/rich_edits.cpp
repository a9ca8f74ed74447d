// edit every kind of object
//
// Revision ID: a10000000002
// Revises: a10000000001
// Create Date: 2026-11-05 00:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "a10000000002",
    .down_revision = {"a10000000001"},
    .message = "edit every kind of object",
    .branch_labels = {},
    .depends_on = {},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // 23 operations in groups of 10, each group a function of its own: the compiler's time grows
  // linearly with them.
  retort::operations ops;
  [&ops] {
    ops.append({
        op::add_enum_value("wine_colour", "orange", {.after = "white"}),
        op::create_sequence("invoice_numbers", {.data_type = op::type::integer()}),
        op::drop_constraint(
            "fk_order_lines_product",
            "order_lines",
            {
                .existing = op::foreign_key(
                    {"product_id"},
                    "products",
                    {"id"},
                    {
                        .name = "fk_order_lines_product",
                        .on_delete = op::referential_action::set_null,
                        .on_update = op::referential_action::restrict,
                        .deferrable = true,
                        .initially_deferred = true})}),
        op::drop_index(
            "ix_products_created",
            {
                .existing = op::create_index(
                    "ix_products_created",
                    "products",
                    {"created_at", "id"}).index}),
        op::drop_constraint(
            "ck_products_price_positive",
            "products",
            {.existing = op::check("price >= 0", {.name = "ck_products_price_positive"})}),
        op::drop_index(
            "ix_events_at",
            {
                .schema = "audit",
                .existing = op::create_index(
                    "ix_events_at",
                    "events",
                    {"at"},
                    {.method = op::brin, .schema = "audit"}).index}),
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
        op::alter_column(
            "producers",
            "name",
            {
                .type = op::type::varchar(300),
                .existing_type = op::type::varchar(200),
                .existing_nullable = false}),
        op::set_column_comment("producers", "name", std::nullopt, {.existing = "Trading name"}),
        op::alter_column(
            "producers",
            "country",
            {
                .server_default = "'IT'",
                .existing_type = op::type::character(2),
                .existing_nullable = false,
                .existing_server_default = "'FR'"}),
    });
  }();
  [&ops] {
    ops.append({
        op::add_column("producers", op::column("website", op::type::text())),
        op::drop_column(
            "producers",
            "founded",
            {.existing = op::column("founded", op::type::date())}),
        op::set_table_comment(
            "producers",
            "Who makes and sells the wine",
            {.existing = "Who makes the wine"}),
        op::alter_column(
            "products",
            "alcohol",
            {
                .nullable = false,
                .existing_type = op::type::numeric(4, 1),
                .existing_nullable = true}),
        op::alter_column(
            "products",
            "active",
            {
                .server_default = "false",
                .existing_type = op::type::boolean(),
                .existing_nullable = false,
                .existing_server_default = "true"}),
        op::alter_column(
            "order_lines",
            "order_no",
            {
                .server_default = "nextval('invoice_numbers')",
                .existing_type = op::type::bigint(),
                .existing_nullable = false,
                .existing_server_default = "nextval('order_numbers')"}),
        op::alter_column(
            "order_lines",
            "line",
            {
                .identity = op::identity_kind::by_default,
                .existing_type = op::type::smallint(),
                .existing_nullable = false,
                .existing_identity = op::drop_identity}),
        op::create_unique_constraint("uq_products_code", "products", {"code"}),
        op::create_check_constraint("ck_products_price_positive", "products", "price > 0"),
        op::create_index(
            "ix_products_code",
            "products",
            {"code"},
            {.unique = true, .where = "code IS NOT NULL"}),
    });
  }();
  [&ops] {
    ops.append({
        op::create_foreign_key(
            "fk_order_lines_product",
            "order_lines",
            "products",
            {"product_id"},
            {"id"},
            {
                .on_delete = op::referential_action::cascade,
                .on_update = op::referential_action::restrict,
                .deferrable = true,
                .initially_deferred = true}),
        op::drop_table(
            "events",
            {
                .schema = "audit",
                .existing = op::create_table(
                    "events",
                    {
                        op::column(
                            "id",
                            op::type::bigint(),
                            {.nullable = false, .identity = op::identity_kind::by_default}),
                        op::column(
                            "kind",
                            op::type::custom("audit", "event_kind"),
                            {.nullable = false}),
                        op::column("product_id", op::type::integer()),
                        op::column(
                            "at",
                            op::type::timestamp_tz(),
                            {.nullable = false, .server_default = "CURRENT_TIMESTAMP"}),
                        op::column("payload", op::type::json()),
                        op::column("elapsed", op::type::interval())},
                    {
                        op::primary_key({"id"}, {.name = "events_pkey"}),
                        op::foreign_key(
                            {"product_id"},
                            "products",
                            {"id"},
                            {.name = "fk_events_product"})},
                    {.schema = "audit", .comment = "What happened"})}),
        op::drop_sequence(
            "order_numbers",
            {
                .existing = op::sequence(
                    "order_numbers",
                    {.start = 1000, .increment = 10, .cache = 5})}),
    });
  }();
  return ops;
}

retort::operations downgrade() {
  // 22 operations in groups of 10, each group a function of its own: the compiler's time grows
  // linearly with them.
  retort::operations ops;
  [&ops] {
    ops.append({
        op::create_sequence("order_numbers", {.start = 1000, .increment = 10, .cache = 5}),
        op::create_table(
            "events",
            {
                op::column(
                    "id",
                    op::type::bigint(),
                    {.nullable = false, .identity = op::identity_kind::by_default}),
                op::column("kind", op::type::custom("audit", "event_kind"), {.nullable = false}),
                op::column("product_id", op::type::integer()),
                op::column(
                    "at",
                    op::type::timestamp_tz(),
                    {.nullable = false, .server_default = "CURRENT_TIMESTAMP"}),
                op::column("payload", op::type::json()),
                op::column("elapsed", op::type::interval())},
            {
                op::primary_key({"id"}, {.name = "events_pkey"}),
                op::foreign_key({"product_id"}, "products", {"id"}, {.name = "fk_events_product"})},
            {.schema = "audit", .comment = "What happened"}),
        op::drop_constraint(
            "fk_order_lines_product",
            "order_lines",
            {
                .existing = op::foreign_key(
                    {"product_id"},
                    "products",
                    {"id"},
                    {
                        .name = "fk_order_lines_product",
                        .on_delete = op::referential_action::cascade,
                        .on_update = op::referential_action::restrict,
                        .deferrable = true,
                        .initially_deferred = true})}),
        op::drop_index(
            "ix_products_code",
            {
                .existing = op::create_index(
                    "ix_products_code",
                    "products",
                    {"code"},
                    {.unique = true, .where = "code IS NOT NULL"}).index}),
        op::drop_constraint(
            "ck_products_price_positive",
            "products",
            {.existing = op::check("price > 0", {.name = "ck_products_price_positive"})}),
        op::drop_constraint(
            "uq_products_code",
            "products",
            {.existing = op::unique({"code"}, {.name = "uq_products_code"})}),
        op::alter_column(
            "order_lines",
            "line",
            {
                .identity = op::drop_identity,
                .existing_type = op::type::smallint(),
                .existing_nullable = false,
                .existing_identity = op::identity_kind::by_default}),
        op::alter_column(
            "order_lines",
            "order_no",
            {
                .server_default = "nextval('order_numbers')",
                .existing_type = op::type::bigint(),
                .existing_nullable = false,
                .existing_server_default = "nextval('invoice_numbers')"}),
        op::alter_column(
            "products",
            "active",
            {
                .server_default = "true",
                .existing_type = op::type::boolean(),
                .existing_nullable = false,
                .existing_server_default = "false"}),
        op::alter_column(
            "products",
            "alcohol",
            {
                .nullable = true,
                .existing_type = op::type::numeric(4, 1),
                .existing_nullable = false}),
    });
  }();
  [&ops] {
    ops.append({
        op::set_table_comment(
            "producers",
            "Who makes the wine",
            {.existing = "Who makes and sells the wine"}),
        op::add_column("producers", op::column("founded", op::type::date())),
        op::drop_column(
            "producers",
            "website",
            {.existing = op::column("website", op::type::text())}),
        op::alter_column(
            "producers",
            "country",
            {
                .server_default = "'FR'",
                .existing_type = op::type::character(2),
                .existing_nullable = false,
                .existing_server_default = "'IT'"}),
        op::set_column_comment(
            "producers",
            "name",
            "Trading name",
            {.existing = std::optional<std::string>()}),
        op::alter_column(
            "producers",
            "name",
            {
                .type = op::type::varchar(200),
                .existing_type = op::type::varchar(300),
                .existing_nullable = false}),
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
        op::create_index("ix_events_at", "events", {"at"}, {.method = op::brin, .schema = "audit"}),
        op::create_check_constraint("ck_products_price_positive", "products", "price >= 0"),
        op::create_index("ix_products_created", "products", {"created_at", "id"}),
    });
  }();
  [&ops] {
    ops.append({
        op::create_foreign_key(
            "fk_order_lines_product",
            "order_lines",
            "products",
            {"product_id"},
            {"id"},
            {
                .on_delete = op::referential_action::set_null,
                .on_update = op::referential_action::restrict,
                .deferrable = true,
                .initially_deferred = true}),
        op::drop_sequence(
            "invoice_numbers",
            {.existing = op::sequence("invoice_numbers", {.data_type = op::type::integer()})}),
        // IRREVERSIBLE: add_enum_value orange to wine_colour: PostgreSQL cannot remove a label from
        // an enum type; to undo it, create a new type without the label and convert the columns, or
        // leave the label in place
    });
  }();
  return ops;
}
