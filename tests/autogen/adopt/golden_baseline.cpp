// baseline
//
// Revision ID: b00000000001
// Revises:
// Create Date: 2026-11-05 00:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "b00000000001",
    .down_revision = {},
    .message = "baseline",
    .branch_labels = {},
    .depends_on = {},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // 72 operations in groups of 10, each group a function of its own: the compiler's time grows
  // linearly with them.
  retort::operations ops;
  [&ops] {
    ops.append({
        op::create_schema("audit"),
        op::create_schema("sales"),
        op::create_extension("pg_trgm"),
        op::create_enum("event_kind", {"insert", "delete"}, {.schema = "audit"}),
        op::create_enum("colour", {"red", "white", "rose"}),
        op::create_sequence("invoice_numbers", {.start = 1000, .increment = 10, .cache = 5}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION audit.concat_step(state text, next text)\n"
            " RETURNS text\n"
            " LANGUAGE sql\n"
            " IMMUTABLE\n"
            "AS $function$ SELECT state || coalesce(next, '') $function$",
            {.reverse_sql = "DROP FUNCTION audit.concat_step(state text, next text)"}),
        op::execute(
            "CREATE AGGREGATE audit.concat_all(text) (SFUNC = audit.concat_step, STYPE = text, INITCOND = '', PARALLEL = SAFE)",
            {.reverse_sql = "DROP AGGREGATE audit.concat_all(text)"}),
        op::execute(
            "CREATE DOMAIN public.positive_money AS numeric(12,2) DEFAULT 0 NOT NULL CONSTRAINT positive_money_check CHECK ((VALUE >= (0)::numeric))",
            {.reverse_sql = "DROP DOMAIN public.positive_money"}),
        op::execute(
            "CREATE DOMAIN sales.email AS text CONSTRAINT email_has_at CHECK ((VALUE ~ '@'::text))",
            {.reverse_sql = "DROP DOMAIN sales.email"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION audit.log_event()\n"
            " RETURNS trigger\n"
            " LANGUAGE plpgsql\n"
            " SECURITY DEFINER\n"
            " SET search_path TO 'pg_catalog', 'audit'\n"
            "AS $function$ BEGIN INSERT INTO audit.events (kind) VALUES (lower(TG_OP)::audit.event_kind); RETURN NULL; END $function$",
            {.reverse_sql = "DROP FUNCTION audit.log_event()"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION public.product_label(pid integer)\n"
            " RETURNS text\n"
            " LANGUAGE plpgsql\n"
            " STABLE\n"
            "AS $function$ DECLARE n products.name%TYPE; r products; BEGIN SELECT * INTO r FROM products WHERE id = pid; n := r.name; RETURN n; END $function$",
            {.reverse_sql = "DROP FUNCTION public.product_label(pid integer)"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION public.slugify(t text)\n"
            " RETURNS text\n"
            " LANGUAGE sql\n"
            " IMMUTABLE\n"
            "AS $function$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g')) $function$",
            {.reverse_sql = "DROP FUNCTION public.slugify(t text)"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION public.touch()\n"
            " RETURNS trigger\n"
            " LANGUAGE plpgsql\n"
            "AS $function$ BEGIN NEW.updated_at := now(); RETURN NEW; END $function$",
            {.reverse_sql = "DROP FUNCTION public.touch()"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION sales.order_total(o bigint)\n"
            " RETURNS numeric\n"
            " LANGUAGE sql\n"
            " STABLE\n"
            "AS $function$ SELECT coalesce(sum(quantity * price), 0) FROM sales.order_lines WHERE order_id = o $function$",
            {.reverse_sql = "DROP FUNCTION sales.order_total(o bigint)"}),
        op::execute(
            "CREATE TYPE sales.money_pair AS (amount numeric(10,2), currency character(3))",
            {.reverse_sql = "DROP TYPE sales.money_pair"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION sales.sum_pairs(pairs sales.money_pair[])\n"
            " RETURNS numeric\n"
            " LANGUAGE sql\n"
            " IMMUTABLE\n"
            "AS $function$ SELECT coalesce(sum(p.amount), 0) FROM unnest(pairs) p $function$",
            {.reverse_sql = "DROP FUNCTION sales.sum_pairs(pairs sales.money_pair[])"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE PROCEDURE sales.archive_before(IN d date)\n"
            " LANGUAGE plpgsql\n"
            "AS $procedure$ BEGIN DELETE FROM sales.orders WHERE placed_at < d; END $procedure$",
            {.reverse_sql = "DROP PROCEDURE sales.archive_before(IN d date)"}),
        op::execute(
            "CREATE TYPE public.address AS (street text, city character varying(80), zip character(5))",
            {.reverse_sql = "DROP TYPE public.address"}),
        op::create_table(
            "base_note",
            {op::column("id", op::type::bigint()), op::column("body", op::type::text())},
            {op::check("(body <> ''::text)", {.name = "base_note_body_check"})},
            {.schema = "audit"}),
    });
  }();
  [&ops] {
    ops.append({
        op::create_table(
            "events",
            {
                op::column(
                    "id",
                    op::type::bigint(),
                    {.nullable = false, .identity = op::identity_kind::by_default}),
                op::column("kind", op::type::custom("audit", "event_kind"), {.nullable = false}),
                op::column(
                    "at",
                    op::type::timestamp_tz(),
                    {.nullable = false, .server_default = "now()"}),
                op::column("payload", op::type::json()),
                op::column("elapsed", op::type::interval()),
                op::column("during", op::type::custom("tstzrange"))},
            {op::primary_key({"id"}, {.name = "events_pkey"})},
            {.schema = "audit"}),
        op::create_table(
            "producers",
            {
                op::column(
                    "id",
                    op::type::bigint(),
                    {.nullable = false, .identity = op::identity_kind::always}),
                op::column(
                    "name",
                    op::type::varchar(200),
                    {.nullable = false, .comment = "Trading name"}),
                op::column(
                    "slug",
                    op::type::text(),
                    {.nullable = false, .server_default = "''::text"}),
                op::column(
                    "country",
                    op::type::character(2),
                    {.nullable = false, .server_default = "'FR'::bpchar"}),
                op::column("founded", op::type::date()),
                op::column("address", op::type::custom("address")),
                op::column(
                    "updated_at",
                    op::type::timestamp_tz(),
                    {.nullable = false, .server_default = "now()"})},
            {
                op::primary_key({"id"}, {.name = "producers_pkey"}),
                op::unique({"name"}, {.name = "producers_name_key"}),
                op::check("(slug = slugify(slug))", {.name = "ck_producers_slug"})},
            {.comment = "Who makes the wine"}),
        op::create_table(
            "products",
            {
                op::column("id", op::type::serial(), {.nullable = false}),
                op::column("producer_id", op::type::bigint(), {.nullable = false}),
                op::column("name", op::type::text(), {.nullable = false}),
                op::column("colour", op::type::custom("colour"), {.nullable = false}),
                op::column("price", op::type::custom("positive_money")),
                op::column(
                    "tags",
                    op::type::array(op::type::text()),
                    {.server_default = "'{}'::text[]"}),
                op::column("grid", op::type::array(op::type::integer(), 2)),
                op::column(
                    "details",
                    op::type::jsonb(),
                    {.nullable = false, .server_default = "'{}'::jsonb"}),
                op::column("code", op::type::uuid()),
                op::column(
                    "active",
                    op::type::boolean(),
                    {.nullable = false, .server_default = "true"}),
                op::column(
                    "updated_at",
                    op::type::timestamp_tz(),
                    {.nullable = false, .server_default = "now()"})},
            {
                op::primary_key({"id"}, {.name = "products_pkey"}),
                op::unique(
                    {"producer_id", "name"},
                    {.name = "uq_products_producer_name", .deferrable = true}),
                op::check("(length(name) > 0)", {.name = "ck_products_name"}),
                op::foreign_key(
                    {"producer_id"},
                    "producers",
                    {"id"},
                    {
                        .name = "products_producer_id_fkey",
                        .on_delete = op::referential_action::cascade,
                        .on_update = op::referential_action::cascade})}),
        op::create_table(
            "customers",
            {
                op::column(
                    "id",
                    op::type::bigint(),
                    {.nullable = false, .identity = op::identity_kind::by_default}),
                op::column("email", op::type::custom("sales", "email"), {.nullable = false}),
                op::column("name", op::type::text(), {.nullable = false}),
                op::column("home", op::type::custom("address"))},
            {op::primary_key({"id"}, {.name = "customers_pkey"})},
            {.schema = "sales"}),
        op::create_table(
            "orders",
            {
                op::column("id", op::type::bigserial(), {.nullable = false}),
                op::column("customer_id", op::type::bigint()),
                op::column(
                    "invoice_no",
                    op::type::bigint(),
                    {.nullable = false, .server_default = "nextval('invoice_numbers'::regclass)"}),
                op::column(
                    "placed_at",
                    op::type::timestamp_tz(3),
                    {.nullable = false, .server_default = "CURRENT_TIMESTAMP"}),
                op::column(
                    "status",
                    op::type::text(),
                    {.nullable = false, .server_default = "'new'::text"}),
                op::column("total", op::type::custom("positive_money"))},
            {
                op::primary_key({"id"}, {.name = "orders_pkey"}),
                op::check(
                    "(status = ANY (ARRAY['new'::text, 'paid'::text, 'shipped'::text]))",
                    {.name = "ck_orders_status"}),
                op::foreign_key(
                    {"customer_id"},
                    "customers",
                    {"id"},
                    {
                        .name = "orders_customer_id_fkey",
                        .referent_schema = "sales",
                        .on_delete = op::referential_action::set_null})},
            {.schema = "sales"}),
        op::create_table(
            "order_lines",
            {
                op::column("order_id", op::type::bigint(), {.nullable = false}),
                op::column("line", op::type::smallint(), {.nullable = false}),
                op::column("product_id", op::type::integer(), {.server_default = "1"}),
                op::column(
                    "quantity",
                    op::type::integer(),
                    {.nullable = false, .server_default = "1"}),
                op::column("price", op::type::numeric(10, 2), {.nullable = false}),
                op::column("note", op::type::varchar()),
                op::column(
                    "amount",
                    op::type::numeric(12, 2),
                    {.generated = "((quantity)::numeric * price)"})},
            {
                op::primary_key({"order_id", "line"}, {.name = "pk_order_lines"}),
                op::check("((quantity > 0) AND (quantity < 1000))", {.name = "ck_quantity"}),
                op::foreign_key(
                    {"product_id"},
                    "products",
                    {"id"},
                    {
                        .name = "fk_lines_product",
                        .on_delete = op::referential_action::set_default,
                        .on_update = op::referential_action::restrict,
                        .deferrable = true,
                        .initially_deferred = true}),
                op::foreign_key(
                    {"order_id"},
                    "orders",
                    {"id"},
                    {
                        .name = "order_lines_order_id_fkey",
                        .referent_schema = "sales",
                        .on_delete = op::referential_action::cascade})},
            {.schema = "sales"}),
        op::create_table(
            "readings",
            {
                op::column("id", op::type::bigint(), {.nullable = false}),
                op::column("flags", op::type::custom("bit", {.modifiers = "24"})),
                op::column("mask", op::type::custom("varbit", {.modifiers = "16"})),
                op::column("history", op::type::array(op::type::custom("bit", {.modifiers = "4"}))),
                op::column(
                    "span",
                    op::type::interval(op::type::interval_fields::day_to_second, 3),
                    {.statistics = 400}),
                op::column("term", op::type::interval(op::type::interval_fields::year_to_month)),
                op::column("order_id", op::type::bigint()),
                op::column("line", op::type::smallint())},
            {
                op::primary_key({"id"}, {.name = "readings_pkey"}),
                op::foreign_key(
                    {"order_id", "line"},
                    "order_lines",
                    {"order_id", "line"},
                    {.name = "fk_readings_line", .referent_schema = "sales", .match_full = true})},
            {.schema = "audit"}),
        op::create_table(
            "scratch",
            {
                op::column("id", op::type::bigint(), {.nullable = false}),
                op::column("body", op::type::text())},
            {op::primary_key({"id"}, {.name = "scratch_pkey"})},
            {.schema = "audit"}),
        op::create_table(
            "urgent_note",
            {op::column("level", op::type::integer(), {.nullable = false})},
            {},
            {.schema = "audit", .inherits = {{.name = "base_note", .schema = "audit"}}}),
        op::create_table(
            "right_side",
            {
                op::column("id", op::type::integer(), {.nullable = false}),
                op::column("left_id", op::type::integer())},
            {op::primary_key({"id"}, {.name = "right_side_pkey"})}),
    });
  }();
  [&ops] {
    ops.append({
        op::create_table(
            "left_side",
            {
                op::column("id", op::type::integer(), {.nullable = false}),
                op::column("right_id", op::type::integer())},
            {
                op::primary_key({"id"}, {.name = "left_side_pkey"}),
                op::foreign_key(
                    {"right_id"},
                    "right_side",
                    {"id"},
                    {.name = "fk_left_right", .on_delete = op::referential_action::restrict})}),
        op::create_table(
            "regions",
            {
                op::column("code", op::type::varchar(8), {.nullable = false}),
                op::column("parent", op::type::varchar(8))},
            {
                op::primary_key({"code"}, {.name = "regions_pkey"}),
                op::foreign_key({"parent"}, "regions", {"code"}, {.name = "regions_parent_fkey"})}),
        op::create_table(
            "events",
            {
                op::column("at", op::type::date(), {.nullable = false}),
                op::column("region", op::type::text(), {.nullable = false}),
                op::column("payload", op::type::jsonb())},
            {},
            {.schema = "sales", .partition_by = "RANGE (at)"}),
        op::create_partition(
            "events_2026",
            "events",
            "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
            {.schema = "sales", .parent_schema = "sales", .partition_by = "LIST (region)"}),
        op::create_partition(
            "events_2026_eu",
            "events_2026",
            "FOR VALUES IN ('eu')",
            {.schema = "sales", .parent_schema = "sales"}),
        op::create_partition(
            "events_other",
            "events",
            "DEFAULT",
            {.schema = "sales", .parent_schema = "sales"}),
        op::create_index("ix_events_at", "events", {"at"}, {.method = op::brin, .schema = "audit"}),
        op::create_index("ix_scratch_body", "scratch", {"body"}, {.schema = "audit"}),
        op::create_index(
            "ix_products_active_price",
            "products",
            {op::key("price", {.descending = true, .nulls = op::nulls_order::last})},
            {.include = {"name"}, .where = "active"}),
        op::create_index(
            "ix_products_lower_name",
            "products",
            {op::expression("lower(name)")},
            {.unique = true}),
    });
  }();
  [&ops] {
    ops.append({
        op::create_index(
            "ix_products_name_trgm",
            "products",
            {op::key("name", {.opclass = "gin_trgm_ops"})},
            {.method = op::gin}),
        op::create_index("ix_products_producer_colour", "products", {"producer_id", "colour"}),
        op::create_index(
            "ix_customers_email",
            "customers",
            {op::expression("lower(email::text)")},
            {.unique = true, .schema = "sales"}),
        op::create_index("ix_sales_events_at", "events", {"at"}, {.schema = "sales"}),
        op::create_foreign_key(
            "right_side_left_id_fkey",
            "right_side",
            "left_side",
            {"left_id"},
            {"id"}),
        op::execute(
            "ALTER TABLE audit.events ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)",
            {.reverse_sql = "ALTER TABLE audit.events DROP CONSTRAINT no_overlap"}),
        op::execute(
            "CREATE VIEW sales.order_totals AS\n"
            " SELECT o.id,\n"
            "    o.placed_at,\n"
            "    sum(((l.quantity)::numeric * l.price)) AS total\n"
            "   FROM (sales.orders o\n"
            "     JOIN sales.order_lines l ON ((l.order_id = o.id)))\n"
            "  GROUP BY o.id, o.placed_at",
            {.reverse_sql = "DROP VIEW sales.order_totals"}),
        op::execute(
            "CREATE VIEW sales.big_orders WITH (security_barrier=true) AS\n"
            " SELECT order_totals.id,\n"
            "    order_totals.placed_at,\n"
            "    order_totals.total\n"
            "   FROM sales.order_totals\n"
            "  WHERE (order_totals.total > (1000)::numeric)",
            {.reverse_sql = "DROP VIEW sales.big_orders"}),
        op::execute(
            "SET LOCAL check_function_bodies = off;\n"
            "CREATE OR REPLACE FUNCTION sales.big_order_count()\n"
            " RETURNS bigint\n"
            " LANGUAGE sql\n"
            " STABLE\n"
            "BEGIN ATOMIC\n"
            " SELECT count(*) AS count\n"
            "    FROM sales.big_orders;\n"
            "END",
            {.reverse_sql = "DROP FUNCTION sales.big_order_count()"}),
        op::execute(
            "CREATE MATERIALIZED VIEW sales.daily AS\n"
            " SELECT date_trunc('day'::text, orders.placed_at) AS day,\n"
            "    count(*) AS orders\n"
            "   FROM sales.orders\n"
            "  GROUP BY (date_trunc('day'::text, orders.placed_at))",
            {.reverse_sql = "DROP MATERIALIZED VIEW sales.daily"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "CREATE UNIQUE INDEX ix_daily_day ON sales.daily USING btree (day)",
            {.reverse_sql = "DROP INDEX sales.ix_daily_day"}),
        op::execute(
            "ALTER INDEX audit.ix_scratch_body SET (fillfactor=50, deduplicate_items=off)",
            {
                .reverse_sql = "ALTER INDEX audit.ix_scratch_body RESET (fillfactor, deduplicate_items)"}),
        op::execute(
            "CREATE POLICY readings_insert ON audit.readings AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK ((line > 0))",
            {.reverse_sql = "DROP POLICY readings_insert ON audit.readings"}),
        op::execute(
            "CREATE POLICY readings_small ON audit.readings AS RESTRICTIVE FOR SELECT TO PUBLIC USING ((order_id < 1000))",
            {.reverse_sql = "DROP POLICY readings_small ON audit.readings"}),
        op::execute(
            "ALTER TABLE audit.readings ENABLE ROW LEVEL SECURITY;\n"
            "ALTER TABLE audit.readings FORCE ROW LEVEL SECURITY",
            {
                .reverse_sql = "ALTER TABLE audit.readings NO FORCE ROW LEVEL SECURITY;\n"
                "ALTER TABLE audit.readings DISABLE ROW LEVEL SECURITY"}),
        op::execute(
            "CREATE RULE scratch_no_delete AS\n    ON DELETE TO audit.scratch DO INSTEAD NOTHING",
            {.reverse_sql = "DROP RULE scratch_no_delete ON audit.scratch"}),
        op::execute(
            "CREATE STATISTICS audit.readings_order_line (dependencies) ON order_id, line FROM audit.readings",
            {.reverse_sql = "DROP STATISTICS audit.readings_order_line"}),
        op::execute(
            "ALTER TABLE audit.scratch SET UNLOGGED;\n"
            "ALTER TABLE audit.scratch SET (fillfactor=70);\n"
            "ALTER TABLE audit.scratch REPLICA IDENTITY FULL;\n"
            "ALTER TABLE audit.scratch CLUSTER ON ix_scratch_body;\n"
            "ALTER TABLE audit.scratch ALTER COLUMN body SET STORAGE EXTERNAL;\n"
            "ALTER TABLE audit.scratch ALTER COLUMN body SET COMPRESSION pglz",
            {
                .reverse_sql = "ALTER TABLE audit.scratch ALTER COLUMN body SET COMPRESSION DEFAULT;\n"
                "ALTER TABLE audit.scratch ALTER COLUMN body SET STORAGE EXTENDED;\n"
                "ALTER TABLE audit.scratch SET WITHOUT CLUSTER;\n"
                "ALTER TABLE audit.scratch REPLICA IDENTITY DEFAULT;\n"
                "ALTER TABLE audit.scratch RESET (fillfactor);\n"
                "ALTER TABLE audit.scratch SET LOGGED"}),
        op::execute(
            "CREATE TRIGGER producers_touch BEFORE UPDATE ON public.producers FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.touch()",
            {.reverse_sql = "DROP TRIGGER producers_touch ON public.producers"}),
        op::execute(
            "CREATE TRIGGER products_touch BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION public.touch()",
            {.reverse_sql = "DROP TRIGGER products_touch ON public.products"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "CREATE TRIGGER orders_audit AFTER INSERT OR DELETE ON sales.orders FOR EACH STATEMENT EXECUTE FUNCTION audit.log_event();\n"
            "ALTER TABLE sales.orders DISABLE TRIGGER orders_audit",
            {.reverse_sql = "DROP TRIGGER orders_audit ON sales.orders"}),
        op::execute(
            "CREATE VIEW public.active_products WITH (check_option=cascaded) AS\n"
            " SELECT products.name AS product,\n"
            "    products.colour\n"
            "   FROM public.products\n"
            "  WHERE products.active",
            {.reverse_sql = "DROP VIEW public.active_products"}),
        op::execute(
            "COMMENT ON SCHEMA sales IS 'Orders and customers'",
            {.reverse_sql = "COMMENT ON SCHEMA sales IS NULL"}),
        op::execute(
            "COMMENT ON TRIGGER products_touch on public.products IS 'Keeps updated_at'",
            {.reverse_sql = "COMMENT ON TRIGGER products_touch on public.products IS NULL"}),
        op::execute(
            "COMMENT ON FUNCTION public.slugify(pg_catalog.text) IS 'URL-safe name'",
            {.reverse_sql = "COMMENT ON FUNCTION public.slugify(pg_catalog.text) IS NULL"}),
        op::execute(
            "COMMENT ON INDEX public.ix_products_producer_colour IS 'For the producer page'",
            {.reverse_sql = "COMMENT ON INDEX public.ix_products_producer_colour IS NULL"}),
        op::execute(
            "COMMENT ON SEQUENCE public.invoice_numbers IS 'Shared by all orders'",
            {.reverse_sql = "COMMENT ON SEQUENCE public.invoice_numbers IS NULL"}),
        op::execute(
            "COMMENT ON CONSTRAINT ck_producers_slug on public.producers IS 'Slugs are normalised'",
            {.reverse_sql = "COMMENT ON CONSTRAINT ck_producers_slug on public.producers IS NULL"}),
        op::execute(
            "COMMENT ON TYPE public.colour IS 'Wine colours'",
            {.reverse_sql = "COMMENT ON TYPE public.colour IS NULL"}),
        op::execute(
            "COMMENT ON TYPE sales.email IS 'An e-mail address'",
            {.reverse_sql = "COMMENT ON TYPE sales.email IS NULL"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "COMMENT ON COLUMN sales.order_totals.total IS 'Sum of the lines'",
            {.reverse_sql = "COMMENT ON COLUMN sales.order_totals.total IS NULL"}),
        op::execute(
            "COMMENT ON VIEW sales.order_totals IS 'One row per order'",
            {.reverse_sql = "COMMENT ON VIEW sales.order_totals IS NULL"}),
    });
  }();
  return ops;
}

retort::operations downgrade() {
  // 72 operations in groups of 10, each group a function of its own: the compiler's time grows
  // linearly with them.
  retort::operations ops;
  [&ops] {
    ops.append({
        op::execute(
            "COMMENT ON VIEW sales.order_totals IS NULL",
            {.reverse_sql = "COMMENT ON VIEW sales.order_totals IS 'One row per order'"}),
        op::execute(
            "COMMENT ON COLUMN sales.order_totals.total IS NULL",
            {.reverse_sql = "COMMENT ON COLUMN sales.order_totals.total IS 'Sum of the lines'"}),
        op::execute(
            "COMMENT ON TYPE sales.email IS NULL",
            {.reverse_sql = "COMMENT ON TYPE sales.email IS 'An e-mail address'"}),
        op::execute(
            "COMMENT ON TYPE public.colour IS NULL",
            {.reverse_sql = "COMMENT ON TYPE public.colour IS 'Wine colours'"}),
        op::execute(
            "COMMENT ON CONSTRAINT ck_producers_slug on public.producers IS NULL",
            {
                .reverse_sql = "COMMENT ON CONSTRAINT ck_producers_slug on public.producers IS 'Slugs are normalised'"}),
        op::execute(
            "COMMENT ON SEQUENCE public.invoice_numbers IS NULL",
            {
                .reverse_sql = "COMMENT ON SEQUENCE public.invoice_numbers IS 'Shared by all orders'"}),
        op::execute(
            "COMMENT ON INDEX public.ix_products_producer_colour IS NULL",
            {
                .reverse_sql = "COMMENT ON INDEX public.ix_products_producer_colour IS 'For the producer page'"}),
        op::execute(
            "COMMENT ON FUNCTION public.slugify(pg_catalog.text) IS NULL",
            {
                .reverse_sql = "COMMENT ON FUNCTION public.slugify(pg_catalog.text) IS 'URL-safe name'"}),
        op::execute(
            "COMMENT ON TRIGGER products_touch on public.products IS NULL",
            {
                .reverse_sql = "COMMENT ON TRIGGER products_touch on public.products IS 'Keeps updated_at'"}),
        op::execute(
            "COMMENT ON SCHEMA sales IS NULL",
            {.reverse_sql = "COMMENT ON SCHEMA sales IS 'Orders and customers'"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "DROP VIEW public.active_products",
            {
                .reverse_sql = "CREATE VIEW public.active_products WITH (check_option=cascaded) AS\n"
                " SELECT products.name AS product,\n"
                "    products.colour\n"
                "   FROM public.products\n"
                "  WHERE products.active"}),
        op::execute(
            "DROP TRIGGER orders_audit ON sales.orders",
            {
                .reverse_sql = "CREATE TRIGGER orders_audit AFTER INSERT OR DELETE ON sales.orders FOR EACH STATEMENT EXECUTE FUNCTION audit.log_event();\n"
                "ALTER TABLE sales.orders DISABLE TRIGGER orders_audit"}),
        op::execute(
            "DROP TRIGGER products_touch ON public.products",
            {
                .reverse_sql = "CREATE TRIGGER products_touch BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION public.touch()"}),
        op::execute(
            "DROP TRIGGER producers_touch ON public.producers",
            {
                .reverse_sql = "CREATE TRIGGER producers_touch BEFORE UPDATE ON public.producers FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.touch()"}),
        op::execute(
            "ALTER TABLE audit.scratch ALTER COLUMN body SET COMPRESSION DEFAULT;\n"
            "ALTER TABLE audit.scratch ALTER COLUMN body SET STORAGE EXTENDED;\n"
            "ALTER TABLE audit.scratch SET WITHOUT CLUSTER;\n"
            "ALTER TABLE audit.scratch REPLICA IDENTITY DEFAULT;\n"
            "ALTER TABLE audit.scratch RESET (fillfactor);\n"
            "ALTER TABLE audit.scratch SET LOGGED",
            {
                .reverse_sql = "ALTER TABLE audit.scratch SET UNLOGGED;\n"
                "ALTER TABLE audit.scratch SET (fillfactor=70);\n"
                "ALTER TABLE audit.scratch REPLICA IDENTITY FULL;\n"
                "ALTER TABLE audit.scratch CLUSTER ON ix_scratch_body;\n"
                "ALTER TABLE audit.scratch ALTER COLUMN body SET STORAGE EXTERNAL;\n"
                "ALTER TABLE audit.scratch ALTER COLUMN body SET COMPRESSION pglz"}),
        op::execute(
            "DROP STATISTICS audit.readings_order_line",
            {
                .reverse_sql = "CREATE STATISTICS audit.readings_order_line (dependencies) ON order_id, line FROM audit.readings"}),
        op::execute(
            "DROP RULE scratch_no_delete ON audit.scratch",
            {
                .reverse_sql = "CREATE RULE scratch_no_delete AS\n"
                "    ON DELETE TO audit.scratch DO INSTEAD NOTHING"}),
        op::execute(
            "ALTER TABLE audit.readings NO FORCE ROW LEVEL SECURITY;\n"
            "ALTER TABLE audit.readings DISABLE ROW LEVEL SECURITY",
            {
                .reverse_sql = "ALTER TABLE audit.readings ENABLE ROW LEVEL SECURITY;\n"
                "ALTER TABLE audit.readings FORCE ROW LEVEL SECURITY"}),
        op::execute(
            "DROP POLICY readings_small ON audit.readings",
            {
                .reverse_sql = "CREATE POLICY readings_small ON audit.readings AS RESTRICTIVE FOR SELECT TO PUBLIC USING ((order_id < 1000))"}),
        op::execute(
            "DROP POLICY readings_insert ON audit.readings",
            {
                .reverse_sql = "CREATE POLICY readings_insert ON audit.readings AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK ((line > 0))"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "ALTER INDEX audit.ix_scratch_body RESET (fillfactor, deduplicate_items)",
            {
                .reverse_sql = "ALTER INDEX audit.ix_scratch_body SET (fillfactor=50, deduplicate_items=off)"}),
        op::execute(
            "DROP INDEX sales.ix_daily_day",
            {.reverse_sql = "CREATE UNIQUE INDEX ix_daily_day ON sales.daily USING btree (day)"}),
        op::execute(
            "DROP MATERIALIZED VIEW sales.daily",
            {
                .reverse_sql = "CREATE MATERIALIZED VIEW sales.daily AS\n"
                " SELECT date_trunc('day'::text, orders.placed_at) AS day,\n"
                "    count(*) AS orders\n"
                "   FROM sales.orders\n"
                "  GROUP BY (date_trunc('day'::text, orders.placed_at))"}),
        op::execute(
            "DROP FUNCTION sales.big_order_count()",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION sales.big_order_count()\n"
                " RETURNS bigint\n"
                " LANGUAGE sql\n"
                " STABLE\n"
                "BEGIN ATOMIC\n"
                " SELECT count(*) AS count\n"
                "    FROM sales.big_orders;\n"
                "END"}),
        op::execute(
            "DROP VIEW sales.big_orders",
            {
                .reverse_sql = "CREATE VIEW sales.big_orders WITH (security_barrier=true) AS\n"
                " SELECT order_totals.id,\n"
                "    order_totals.placed_at,\n"
                "    order_totals.total\n"
                "   FROM sales.order_totals\n"
                "  WHERE (order_totals.total > (1000)::numeric)"}),
        op::execute(
            "DROP VIEW sales.order_totals",
            {
                .reverse_sql = "CREATE VIEW sales.order_totals AS\n"
                " SELECT o.id,\n"
                "    o.placed_at,\n"
                "    sum(((l.quantity)::numeric * l.price)) AS total\n"
                "   FROM (sales.orders o\n"
                "     JOIN sales.order_lines l ON ((l.order_id = o.id)))\n"
                "  GROUP BY o.id, o.placed_at"}),
        op::execute(
            "ALTER TABLE audit.events DROP CONSTRAINT no_overlap",
            {
                .reverse_sql = "ALTER TABLE audit.events ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)"}),
        op::drop_constraint(
            "right_side_left_id_fkey",
            "right_side",
            {
                .existing = op::foreign_key(
                    {"left_id"},
                    "left_side",
                    {"id"},
                    {.name = "right_side_left_id_fkey"})}),
        op::drop_index(
            "ix_sales_events_at",
            {
                .schema = "sales",
                .existing = op::create_index(
                    "ix_sales_events_at",
                    "events",
                    {"at"},
                    {.schema = "sales"}).index}),
        op::drop_index(
            "ix_customers_email",
            {
                .schema = "sales",
                .existing = op::create_index(
                    "ix_customers_email",
                    "customers",
                    {op::expression("lower(email::text)")},
                    {.unique = true, .schema = "sales"}).index}),
    });
  }();
  [&ops] {
    ops.append({
        op::drop_index(
            "ix_products_producer_colour",
            {
                .existing = op::create_index(
                    "ix_products_producer_colour",
                    "products",
                    {"producer_id", "colour"}).index}),
        op::drop_index(
            "ix_products_name_trgm",
            {
                .existing = op::create_index(
                    "ix_products_name_trgm",
                    "products",
                    {op::key("name", {.opclass = "gin_trgm_ops"})},
                    {.method = op::gin}).index}),
        op::drop_index(
            "ix_products_lower_name",
            {
                .existing = op::create_index(
                    "ix_products_lower_name",
                    "products",
                    {op::expression("lower(name)")},
                    {.unique = true}).index}),
        op::drop_index(
            "ix_products_active_price",
            {
                .existing = op::create_index(
                    "ix_products_active_price",
                    "products",
                    {op::key("price", {.descending = true, .nulls = op::nulls_order::last})},
                    {.include = {"name"}, .where = "active"}).index}),
        op::drop_index(
            "ix_scratch_body",
            {
                .schema = "audit",
                .existing = op::create_index(
                    "ix_scratch_body",
                    "scratch",
                    {"body"},
                    {.schema = "audit"}).index}),
        op::drop_index(
            "ix_events_at",
            {
                .schema = "audit",
                .existing = op::create_index(
                    "ix_events_at",
                    "events",
                    {"at"},
                    {.method = op::brin, .schema = "audit"}).index}),
        op::drop_table(
            "events_other",
            {
                .schema = "sales",
                .existing = op::create_partition(
                    "events_other",
                    "events",
                    "DEFAULT",
                    {.schema = "sales", .parent_schema = "sales"})}),
        op::drop_table(
            "events_2026_eu",
            {
                .schema = "sales",
                .existing = op::create_partition(
                    "events_2026_eu",
                    "events_2026",
                    "FOR VALUES IN ('eu')",
                    {.schema = "sales", .parent_schema = "sales"})}),
        op::drop_table(
            "events_2026",
            {
                .schema = "sales",
                .existing = op::create_partition(
                    "events_2026",
                    "events",
                    "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                    {
                        .schema = "sales",
                        .parent_schema = "sales",
                        .partition_by = "LIST (region)"})}),
        op::drop_table(
            "events",
            {
                .schema = "sales",
                .existing = op::create_table(
                    "events",
                    {
                        op::column("at", op::type::date(), {.nullable = false}),
                        op::column("region", op::type::text(), {.nullable = false}),
                        op::column("payload", op::type::jsonb())},
                    {},
                    {.schema = "sales", .partition_by = "RANGE (at)"})}),
    });
  }();
  [&ops] {
    ops.append({
        op::drop_table(
            "regions",
            {
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
                            {.name = "regions_parent_fkey"})})}),
        op::drop_table(
            "left_side",
            {
                .existing = op::create_table(
                    "left_side",
                    {
                        op::column("id", op::type::integer(), {.nullable = false}),
                        op::column("right_id", op::type::integer())},
                    {
                        op::primary_key({"id"}, {.name = "left_side_pkey"}),
                        op::foreign_key(
                            {"right_id"},
                            "right_side",
                            {"id"},
                            {
                                .name = "fk_left_right",
                                .on_delete = op::referential_action::restrict})})}),
        op::drop_table(
            "right_side",
            {
                .existing = op::create_table(
                    "right_side",
                    {
                        op::column("id", op::type::integer(), {.nullable = false}),
                        op::column("left_id", op::type::integer())},
                    {op::primary_key({"id"}, {.name = "right_side_pkey"})})}),
        op::drop_table(
            "urgent_note",
            {
                .schema = "audit",
                .existing = op::create_table(
                    "urgent_note",
                    {op::column("level", op::type::integer(), {.nullable = false})},
                    {},
                    {.schema = "audit", .inherits = {{.name = "base_note", .schema = "audit"}}})}),
        op::drop_table(
            "scratch",
            {
                .schema = "audit",
                .existing = op::create_table(
                    "scratch",
                    {
                        op::column("id", op::type::bigint(), {.nullable = false}),
                        op::column("body", op::type::text())},
                    {op::primary_key({"id"}, {.name = "scratch_pkey"})},
                    {.schema = "audit"})}),
        op::drop_table(
            "readings",
            {
                .schema = "audit",
                .existing = op::create_table(
                    "readings",
                    {
                        op::column("id", op::type::bigint(), {.nullable = false}),
                        op::column("flags", op::type::custom("bit", {.modifiers = "24"})),
                        op::column("mask", op::type::custom("varbit", {.modifiers = "16"})),
                        op::column(
                            "history",
                            op::type::array(op::type::custom("bit", {.modifiers = "4"}))),
                        op::column(
                            "span",
                            op::type::interval(op::type::interval_fields::day_to_second, 3),
                            {.statistics = 400}),
                        op::column(
                            "term",
                            op::type::interval(op::type::interval_fields::year_to_month)),
                        op::column("order_id", op::type::bigint()),
                        op::column("line", op::type::smallint())},
                    {
                        op::primary_key({"id"}, {.name = "readings_pkey"}),
                        op::foreign_key(
                            {"order_id", "line"},
                            "order_lines",
                            {"order_id", "line"},
                            {
                                .name = "fk_readings_line",
                                .referent_schema = "sales",
                                .match_full = true})},
                    {.schema = "audit"})}),
        op::drop_table(
            "order_lines",
            {
                .schema = "sales",
                .existing = op::create_table(
                    "order_lines",
                    {
                        op::column("order_id", op::type::bigint(), {.nullable = false}),
                        op::column("line", op::type::smallint(), {.nullable = false}),
                        op::column("product_id", op::type::integer(), {.server_default = "1"}),
                        op::column(
                            "quantity",
                            op::type::integer(),
                            {.nullable = false, .server_default = "1"}),
                        op::column("price", op::type::numeric(10, 2), {.nullable = false}),
                        op::column("note", op::type::varchar()),
                        op::column(
                            "amount",
                            op::type::numeric(12, 2),
                            {.generated = "((quantity)::numeric * price)"})},
                    {
                        op::primary_key({"order_id", "line"}, {.name = "pk_order_lines"}),
                        op::check(
                            "((quantity > 0) AND (quantity < 1000))",
                            {.name = "ck_quantity"}),
                        op::foreign_key(
                            {"product_id"},
                            "products",
                            {"id"},
                            {
                                .name = "fk_lines_product",
                                .on_delete = op::referential_action::set_default,
                                .on_update = op::referential_action::restrict,
                                .deferrable = true,
                                .initially_deferred = true}),
                        op::foreign_key(
                            {"order_id"},
                            "orders",
                            {"id"},
                            {
                                .name = "order_lines_order_id_fkey",
                                .referent_schema = "sales",
                                .on_delete = op::referential_action::cascade})},
                    {.schema = "sales"})}),
        op::drop_table(
            "orders",
            {
                .schema = "sales",
                .existing = op::create_table(
                    "orders",
                    {
                        op::column("id", op::type::bigserial(), {.nullable = false}),
                        op::column("customer_id", op::type::bigint()),
                        op::column(
                            "invoice_no",
                            op::type::bigint(),
                            {
                                .nullable = false,
                                .server_default = "nextval('invoice_numbers'::regclass)"}),
                        op::column(
                            "placed_at",
                            op::type::timestamp_tz(3),
                            {.nullable = false, .server_default = "CURRENT_TIMESTAMP"}),
                        op::column(
                            "status",
                            op::type::text(),
                            {.nullable = false, .server_default = "'new'::text"}),
                        op::column("total", op::type::custom("positive_money"))},
                    {
                        op::primary_key({"id"}, {.name = "orders_pkey"}),
                        op::check(
                            "(status = ANY (ARRAY['new'::text, 'paid'::text, 'shipped'::text]))",
                            {.name = "ck_orders_status"}),
                        op::foreign_key(
                            {"customer_id"},
                            "customers",
                            {"id"},
                            {
                                .name = "orders_customer_id_fkey",
                                .referent_schema = "sales",
                                .on_delete = op::referential_action::set_null})},
                    {.schema = "sales"})}),
        op::drop_table(
            "customers",
            {
                .schema = "sales",
                .existing = op::create_table(
                    "customers",
                    {
                        op::column(
                            "id",
                            op::type::bigint(),
                            {.nullable = false, .identity = op::identity_kind::by_default}),
                        op::column(
                            "email",
                            op::type::custom("sales", "email"),
                            {.nullable = false}),
                        op::column("name", op::type::text(), {.nullable = false}),
                        op::column("home", op::type::custom("address"))},
                    {op::primary_key({"id"}, {.name = "customers_pkey"})},
                    {.schema = "sales"})}),
        op::drop_table(
            "products",
            {
                .existing = op::create_table(
                    "products",
                    {
                        op::column("id", op::type::serial(), {.nullable = false}),
                        op::column("producer_id", op::type::bigint(), {.nullable = false}),
                        op::column("name", op::type::text(), {.nullable = false}),
                        op::column("colour", op::type::custom("colour"), {.nullable = false}),
                        op::column("price", op::type::custom("positive_money")),
                        op::column(
                            "tags",
                            op::type::array(op::type::text()),
                            {.server_default = "'{}'::text[]"}),
                        op::column("grid", op::type::array(op::type::integer(), 2)),
                        op::column(
                            "details",
                            op::type::jsonb(),
                            {.nullable = false, .server_default = "'{}'::jsonb"}),
                        op::column("code", op::type::uuid()),
                        op::column(
                            "active",
                            op::type::boolean(),
                            {.nullable = false, .server_default = "true"}),
                        op::column(
                            "updated_at",
                            op::type::timestamp_tz(),
                            {.nullable = false, .server_default = "now()"})},
                    {
                        op::primary_key({"id"}, {.name = "products_pkey"}),
                        op::unique(
                            {"producer_id", "name"},
                            {.name = "uq_products_producer_name", .deferrable = true}),
                        op::check("(length(name) > 0)", {.name = "ck_products_name"}),
                        op::foreign_key(
                            {"producer_id"},
                            "producers",
                            {"id"},
                            {
                                .name = "products_producer_id_fkey",
                                .on_delete = op::referential_action::cascade,
                                .on_update = op::referential_action::cascade})})}),
    });
  }();
  [&ops] {
    ops.append({
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
                        op::column(
                            "name",
                            op::type::varchar(200),
                            {.nullable = false, .comment = "Trading name"}),
                        op::column(
                            "slug",
                            op::type::text(),
                            {.nullable = false, .server_default = "''::text"}),
                        op::column(
                            "country",
                            op::type::character(2),
                            {.nullable = false, .server_default = "'FR'::bpchar"}),
                        op::column("founded", op::type::date()),
                        op::column("address", op::type::custom("address")),
                        op::column(
                            "updated_at",
                            op::type::timestamp_tz(),
                            {.nullable = false, .server_default = "now()"})},
                    {
                        op::primary_key({"id"}, {.name = "producers_pkey"}),
                        op::unique({"name"}, {.name = "producers_name_key"}),
                        op::check("(slug = slugify(slug))", {.name = "ck_producers_slug"})},
                    {.comment = "Who makes the wine"})}),
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
                        op::column(
                            "at",
                            op::type::timestamp_tz(),
                            {.nullable = false, .server_default = "now()"}),
                        op::column("payload", op::type::json()),
                        op::column("elapsed", op::type::interval()),
                        op::column("during", op::type::custom("tstzrange"))},
                    {op::primary_key({"id"}, {.name = "events_pkey"})},
                    {.schema = "audit"})}),
        op::drop_table(
            "base_note",
            {
                .schema = "audit",
                .existing = op::create_table(
                    "base_note",
                    {op::column("id", op::type::bigint()), op::column("body", op::type::text())},
                    {op::check("(body <> ''::text)", {.name = "base_note_body_check"})},
                    {.schema = "audit"})}),
        op::execute(
            "DROP TYPE public.address",
            {
                .reverse_sql = "CREATE TYPE public.address AS (street text, city character varying(80), zip character(5))"}),
        op::execute(
            "DROP PROCEDURE sales.archive_before(IN d date)",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE PROCEDURE sales.archive_before(IN d date)\n"
                " LANGUAGE plpgsql\n"
                "AS $procedure$ BEGIN DELETE FROM sales.orders WHERE placed_at < d; END $procedure$"}),
        op::execute(
            "DROP FUNCTION sales.sum_pairs(pairs sales.money_pair[])",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION sales.sum_pairs(pairs sales.money_pair[])\n"
                " RETURNS numeric\n"
                " LANGUAGE sql\n"
                " IMMUTABLE\n"
                "AS $function$ SELECT coalesce(sum(p.amount), 0) FROM unnest(pairs) p $function$"}),
        op::execute(
            "DROP TYPE sales.money_pair",
            {
                .reverse_sql = "CREATE TYPE sales.money_pair AS (amount numeric(10,2), currency character(3))"}),
        op::execute(
            "DROP FUNCTION sales.order_total(o bigint)",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION sales.order_total(o bigint)\n"
                " RETURNS numeric\n"
                " LANGUAGE sql\n"
                " STABLE\n"
                "AS $function$ SELECT coalesce(sum(quantity * price), 0) FROM sales.order_lines WHERE order_id = o $function$"}),
        op::execute(
            "DROP FUNCTION public.touch()",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION public.touch()\n"
                " RETURNS trigger\n"
                " LANGUAGE plpgsql\n"
                "AS $function$ BEGIN NEW.updated_at := now(); RETURN NEW; END $function$"}),
        op::execute(
            "DROP FUNCTION public.slugify(t text)",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION public.slugify(t text)\n"
                " RETURNS text\n"
                " LANGUAGE sql\n"
                " IMMUTABLE\n"
                "AS $function$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g')) $function$"}),
    });
  }();
  [&ops] {
    ops.append({
        op::execute(
            "DROP FUNCTION public.product_label(pid integer)",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION public.product_label(pid integer)\n"
                " RETURNS text\n"
                " LANGUAGE plpgsql\n"
                " STABLE\n"
                "AS $function$ DECLARE n products.name%TYPE; r products; BEGIN SELECT * INTO r FROM products WHERE id = pid; n := r.name; RETURN n; END $function$"}),
        op::execute(
            "DROP FUNCTION audit.log_event()",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION audit.log_event()\n"
                " RETURNS trigger\n"
                " LANGUAGE plpgsql\n"
                " SECURITY DEFINER\n"
                " SET search_path TO 'pg_catalog', 'audit'\n"
                "AS $function$ BEGIN INSERT INTO audit.events (kind) VALUES (lower(TG_OP)::audit.event_kind); RETURN NULL; END $function$"}),
        op::execute(
            "DROP DOMAIN sales.email",
            {
                .reverse_sql = "CREATE DOMAIN sales.email AS text CONSTRAINT email_has_at CHECK ((VALUE ~ '@'::text))"}),
        op::execute(
            "DROP DOMAIN public.positive_money",
            {
                .reverse_sql = "CREATE DOMAIN public.positive_money AS numeric(12,2) DEFAULT 0 NOT NULL CONSTRAINT positive_money_check CHECK ((VALUE >= (0)::numeric))"}),
        op::execute(
            "DROP AGGREGATE audit.concat_all(text)",
            {
                .reverse_sql = "CREATE AGGREGATE audit.concat_all(text) (SFUNC = audit.concat_step, STYPE = text, INITCOND = '', PARALLEL = SAFE)"}),
        op::execute(
            "DROP FUNCTION audit.concat_step(state text, next text)",
            {
                .reverse_sql = "SET LOCAL check_function_bodies = off;\n"
                "CREATE OR REPLACE FUNCTION audit.concat_step(state text, next text)\n"
                " RETURNS text\n"
                " LANGUAGE sql\n"
                " IMMUTABLE\n"
                "AS $function$ SELECT state || coalesce(next, '') $function$"}),
        op::drop_sequence(
            "invoice_numbers",
            {
                .existing = op::sequence(
                    "invoice_numbers",
                    {.start = 1000, .increment = 10, .cache = 5})}),
        op::drop_enum("colour", {.existing = std::vector<std::string>{"red", "white", "rose"}}),
        op::drop_enum(
            "event_kind",
            {.schema = "audit", .existing = std::vector<std::string>{"insert", "delete"}}),
        op::drop_extension("pg_trgm"),
    });
  }();
  [&ops] {
    ops.append({
        op::drop_schema("sales"),
        op::drop_schema("audit"),
    });
  }();
  return ops;
}
