// Database A of the adoption tests
//
// Compile it with retort_add_model() and pass the plugin to `retort revision --autogenerate --model`.
#include <retort/model.hpp>

namespace {

retort::model::schema adopted_model() {
  using namespace retort;
  model::schema s;
  s.named_schema("audit");
  s.named_schema("sales");
  s.extension("pg_trgm");
  s.enum_type("event_kind", {"insert", "delete"}, {.schema = "audit"});
  s.enum_type("colour", {"red", "white", "rose"});
  s.sequence("invoice_numbers", {.start = 1000, .increment = 10, .cache = 5});
  [&s] {

    s.table("base_note", {.schema = "audit"})
        .column("id", op::type::bigint())
        .column("body", op::type::text())
        .check("base_note_body_check", "(body <> ''::text)");

    s.table("events", {.schema = "audit"})
        .column(
            "id",
            op::type::bigint(),
            {.nullable = false, .identity = op::identity_kind::by_default})
        .column("kind", op::type::custom("audit", "event_kind"), {.nullable = false})
        .column("at", op::type::timestamp_tz(), {.nullable = false, .server_default = "now()"})
        .column("payload", op::type::json())
        .column("elapsed", op::type::interval())
        .column("during", op::type::custom("tstzrange"))
        .primary_key({"id"}, {.name = "events_pkey"})
        .index("ix_events_at", {"at"}, {.method = op::brin});

    s.table("readings", {.schema = "audit"})
        .column("id", op::type::bigint(), {.nullable = false})
        .column("flags", op::type::custom("bit", {.modifiers = "24"}))
        .column("mask", op::type::custom("varbit", {.modifiers = "16"}))
        .column("history", op::type::array(op::type::custom("bit", {.modifiers = "4"})))
        .column(
            "span",
            op::type::interval(op::type::interval_fields::day_to_second, 3),
            {.statistics = 400})
        .column("term", op::type::interval(op::type::interval_fields::year_to_month))
        .column("order_id", op::type::bigint())
        .column("line", op::type::smallint())
        .primary_key({"id"}, {.name = "readings_pkey"})
        .foreign_key(
            {"order_id", "line"},
            "order_lines",
            {"order_id", "line"},
            {.name = "fk_readings_line", .referent_schema = "sales", .match_full = true});

    s.table("scratch", {.schema = "audit"})
        .column("id", op::type::bigint(), {.nullable = false})
        .column("body", op::type::text())
        .primary_key({"id"}, {.name = "scratch_pkey"})
        .index("ix_scratch_body", {"body"});

    s.table(
        "urgent_note",
        {.schema = "audit", .inherits = {{.name = "base_note", .schema = "audit"}}})
        .column("level", op::type::integer(), {.nullable = false});

    s.table("left_side")
        .column("id", op::type::integer(), {.nullable = false})
        .column("right_id", op::type::integer())
        .primary_key({"id"}, {.name = "left_side_pkey"})
        .foreign_key(
            {"right_id"},
            "right_side",
            {"id"},
            {.name = "fk_left_right", .on_delete = op::referential_action::restrict});

    s.table("producers", {.comment = "Who makes the wine"})
        .column(
            "id",
            op::type::bigint(),
            {.nullable = false, .identity = op::identity_kind::always})
        .column("name", op::type::varchar(200), {.nullable = false, .comment = "Trading name"})
        .column("slug", op::type::text(), {.nullable = false, .server_default = "''::text"})
        .column(
            "country",
            op::type::character(2),
            {.nullable = false, .server_default = "'FR'::bpchar"})
        .column("founded", op::type::date())
        .column("address", op::type::custom("address"))
        .column(
            "updated_at",
            op::type::timestamp_tz(),
            {.nullable = false, .server_default = "now()"})
        .primary_key({"id"}, {.name = "producers_pkey"})
        .unique({"name"}, {.name = "producers_name_key"})
        .check("ck_producers_slug", "(slug = slugify(slug))");

    s.table("products")
        .column("id", op::type::serial(), {.nullable = false})
        .column("producer_id", op::type::bigint(), {.nullable = false})
        .column("name", op::type::text(), {.nullable = false})
        .column("colour", op::type::custom("colour"), {.nullable = false})
        .column("price", op::type::custom("positive_money"))
        .column("tags", op::type::array(op::type::text()), {.server_default = "'{}'::text[]"})
        .column("grid", op::type::array(op::type::integer(), 2))
        .column("details", op::type::jsonb(), {.nullable = false, .server_default = "'{}'::jsonb"})
        .column("code", op::type::uuid())
        .column("active", op::type::boolean(), {.nullable = false, .server_default = "true"})
        .column(
            "updated_at",
            op::type::timestamp_tz(),
            {.nullable = false, .server_default = "now()"})
        .primary_key({"id"}, {.name = "products_pkey"})
        .foreign_key(
            {"producer_id"},
            "producers",
            {"id"},
            {
                .name = "products_producer_id_fkey",
                .on_delete = op::referential_action::cascade,
                .on_update = op::referential_action::cascade})
        .unique({"producer_id", "name"}, {.name = "uq_products_producer_name", .deferrable = true})
        .check("ck_products_name", "(length(name) > 0)")
        .index(
            "ix_products_active_price",
            {op::key("price", {.descending = true, .nulls = op::nulls_order::last})},
            {.include = {"name"}, .where = "active"})
        .index("ix_products_lower_name", {op::expression("lower(name)")}, {.unique = true})
        .index(
            "ix_products_name_trgm",
            {op::key("name", {.opclass = "gin_trgm_ops"})},
            {.method = op::gin})
        .index("ix_products_producer_colour", {"producer_id", "colour"});

    s.table("regions")
        .column("code", op::type::varchar(8), {.nullable = false})
        .column("parent", op::type::varchar(8))
        .primary_key({"code"}, {.name = "regions_pkey"})
        .foreign_key({"parent"}, "regions", {"code"}, {.name = "regions_parent_fkey"});

    s.table("right_side")
        .column("id", op::type::integer(), {.nullable = false})
        .column("left_id", op::type::integer())
        .primary_key({"id"}, {.name = "right_side_pkey"})
        .foreign_key({"left_id"}, "left_side", {"id"}, {.name = "right_side_left_id_fkey"});
  }();
  [&s] {

    s.table("customers", {.schema = "sales"})
        .column(
            "id",
            op::type::bigint(),
            {.nullable = false, .identity = op::identity_kind::by_default})
        .column("email", op::type::custom("sales", "email"), {.nullable = false})
        .column("name", op::type::text(), {.nullable = false})
        .column("home", op::type::custom("address"))
        .primary_key({"id"}, {.name = "customers_pkey"})
        .index("ix_customers_email", {op::expression("lower(email::text)")}, {.unique = true});

    s.table("events", {.schema = "sales", .partition_by = "RANGE (at)"})
        .column("at", op::type::date(), {.nullable = false})
        .column("region", op::type::text(), {.nullable = false})
        .column("payload", op::type::jsonb())
        .index("ix_sales_events_at", {"at"});

    s.partition(
        "events_2026",
        "events",
        "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        {.schema = "sales", .parent_schema = "sales", .partition_by = "LIST (region)"});

    s.partition(
        "events_2026_eu",
        "events_2026",
        "FOR VALUES IN ('eu')",
        {.schema = "sales", .parent_schema = "sales"});

    s.partition("events_other", "events", "DEFAULT", {.schema = "sales", .parent_schema = "sales"});

    s.table("order_lines", {.schema = "sales"})
        .column("order_id", op::type::bigint(), {.nullable = false})
        .column("line", op::type::smallint(), {.nullable = false})
        .column("product_id", op::type::integer(), {.server_default = "1"})
        .column("quantity", op::type::integer(), {.nullable = false, .server_default = "1"})
        .column("price", op::type::numeric(10, 2), {.nullable = false})
        .column("note", op::type::varchar())
        .column("amount", op::type::numeric(12, 2), {.generated = "((quantity)::numeric * price)"})
        .primary_key({"order_id", "line"}, {.name = "pk_order_lines"})
        .foreign_key(
            {"product_id"},
            "products",
            {"id"},
            {
                .name = "fk_lines_product",
                .on_delete = op::referential_action::set_default,
                .on_update = op::referential_action::restrict,
                .deferrable = true,
                .initially_deferred = true})
        .foreign_key(
            {"order_id"},
            "orders",
            {"id"},
            {
                .name = "order_lines_order_id_fkey",
                .referent_schema = "sales",
                .on_delete = op::referential_action::cascade})
        .check("ck_quantity", "((quantity > 0) AND (quantity < 1000))");

    s.table("orders", {.schema = "sales"})
        .column("id", op::type::bigserial(), {.nullable = false})
        .column("customer_id", op::type::bigint())
        .column(
            "invoice_no",
            op::type::bigint(),
            {.nullable = false, .server_default = "nextval('invoice_numbers'::regclass)"})
        .column(
            "placed_at",
            op::type::timestamp_tz(3),
            {.nullable = false, .server_default = "CURRENT_TIMESTAMP"})
        .column("status", op::type::text(), {.nullable = false, .server_default = "'new'::text"})
        .column("total", op::type::custom("positive_money"))
        .primary_key({"id"}, {.name = "orders_pkey"})
        .foreign_key(
            {"customer_id"},
            "customers",
            {"id"},
            {
                .name = "orders_customer_id_fkey",
                .referent_schema = "sales",
                .on_delete = op::referential_action::set_null})
        .check(
            "ck_orders_status",
            "(status = ANY (ARRAY['new'::text, 'paid'::text, 'shipped'::text]))");
  }();

  // What op:: cannot express, as the SQL PostgreSQL prints for it.
  [&s] {
    s.raw(
        "aggregate",
        "concat_all(text)",
        "CREATE AGGREGATE audit.concat_all(text) (SFUNC = audit.concat_step, STYPE = text, INITCOND = '', PARALLEL = SAFE)",
        "DROP AGGREGATE audit.concat_all(text)",
        {.schema = "audit", .depends_on = {"function:audit.concat_step(state text, next text)"}});
    s.raw(
        "comment",
        "schema sales",
        "COMMENT ON SCHEMA sales IS 'Orders and customers'",
        "COMMENT ON SCHEMA sales IS NULL",
        {.after_tables = true, .replaceable = true});
    s.raw(
        "comment",
        "trigger products_touch on public.products",
        "COMMENT ON TRIGGER products_touch on public.products IS 'Keeps updated_at'",
        "COMMENT ON TRIGGER products_touch on public.products IS NULL",
        {
            .depends_on = {"trigger:products.products_touch"},
            .after_tables = true,
            .replaceable = true});
    s.raw(
        "comment",
        "function public.slugify(pg_catalog.text)",
        "COMMENT ON FUNCTION public.slugify(pg_catalog.text) IS 'URL-safe name'",
        "COMMENT ON FUNCTION public.slugify(pg_catalog.text) IS NULL",
        {.depends_on = {"function:slugify(t text)"}, .after_tables = true, .replaceable = true});
    s.raw(
        "comment",
        "index public.ix_products_producer_colour",
        "COMMENT ON INDEX public.ix_products_producer_colour IS 'For the producer page'",
        "COMMENT ON INDEX public.ix_products_producer_colour IS NULL",
        {.after_tables = true, .replaceable = true});
    s.raw(
        "comment",
        "sequence public.invoice_numbers",
        "COMMENT ON SEQUENCE public.invoice_numbers IS 'Shared by all orders'",
        "COMMENT ON SEQUENCE public.invoice_numbers IS NULL",
        {.after_tables = true, .replaceable = true});
    s.raw(
        "comment",
        "table constraint ck_producers_slug on public.producers",
        "COMMENT ON CONSTRAINT ck_producers_slug on public.producers IS 'Slugs are normalised'",
        "COMMENT ON CONSTRAINT ck_producers_slug on public.producers IS NULL",
        {.after_tables = true, .replaceable = true});
    s.raw(
        "comment",
        "type public.colour",
        "COMMENT ON TYPE public.colour IS 'Wine colours'",
        "COMMENT ON TYPE public.colour IS NULL",
        {.after_tables = true, .replaceable = true});
    s.raw(
        "comment",
        "type sales.email",
        "COMMENT ON TYPE sales.email IS 'An e-mail address'",
        "COMMENT ON TYPE sales.email IS NULL",
        {
            .schema = "sales",
            .depends_on = {"domain:sales.email"},
            .after_tables = true,
            .replaceable = true});
    s.raw(
        "comment",
        "view column sales.order_totals.total",
        "COMMENT ON COLUMN sales.order_totals.total IS 'Sum of the lines'",
        "COMMENT ON COLUMN sales.order_totals.total IS NULL",
        {
            .schema = "sales",
            .depends_on = {"view:sales.order_totals"},
            .after_tables = true,
            .replaceable = true});
  }();
  [&s] {
    s.raw(
        "comment",
        "view sales.order_totals",
        "COMMENT ON VIEW sales.order_totals IS 'One row per order'",
        "COMMENT ON VIEW sales.order_totals IS NULL",
        {
            .schema = "sales",
            .depends_on = {"view:sales.order_totals"},
            .after_tables = true,
            .replaceable = true});
    s.raw(
        "domain",
        "positive_money",
        "CREATE DOMAIN public.positive_money AS numeric(12,2) DEFAULT 0 NOT NULL CONSTRAINT positive_money_check CHECK ((VALUE >= (0)::numeric))",
        "DROP DOMAIN public.positive_money");
    s.raw(
        "domain",
        "email",
        "CREATE DOMAIN sales.email AS text CONSTRAINT email_has_at CHECK ((VALUE ~ '@'::text))",
        "DROP DOMAIN sales.email",
        {.schema = "sales"});
    s.raw(
        "exclusion constraint",
        "events.no_overlap",
        "ALTER TABLE audit.events ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&)",
        "ALTER TABLE audit.events DROP CONSTRAINT no_overlap",
        {.schema = "audit", .after_tables = true, .table = "events"});
    s.raw(
        "function",
        "concat_step(state text, next text)",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION audit.concat_step(state text, next text)\n"
        " RETURNS text\n"
        " LANGUAGE sql\n"
        " IMMUTABLE\n"
        "AS $function$ SELECT state || coalesce(next, '') $function$",
        "DROP FUNCTION audit.concat_step(state text, next text)",
        {.schema = "audit", .replaceable = true});
    s.raw(
        "function",
        "log_event()",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION audit.log_event()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        " SECURITY DEFINER\n"
        " SET search_path TO 'pg_catalog', 'audit'\n"
        "AS $function$ BEGIN INSERT INTO audit.events (kind) VALUES (lower(TG_OP)::audit.event_kind); RETURN NULL; END $function$",
        "DROP FUNCTION audit.log_event()",
        {.schema = "audit", .replaceable = true});
    s.raw(
        "function",
        "product_label(pid integer)",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION public.product_label(pid integer)\n"
        " RETURNS text\n"
        " LANGUAGE plpgsql\n"
        " STABLE\n"
        "AS $function$ DECLARE n products.name%TYPE; r products; BEGIN SELECT * INTO r FROM products WHERE id = pid; n := r.name; RETURN n; END $function$",
        "DROP FUNCTION public.product_label(pid integer)",
        {.replaceable = true});
    s.raw(
        "function",
        "slugify(t text)",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION public.slugify(t text)\n"
        " RETURNS text\n"
        " LANGUAGE sql\n"
        " IMMUTABLE\n"
        "AS $function$ SELECT lower(regexp_replace(t, '[^a-zA-Z0-9]+', '-', 'g')) $function$",
        "DROP FUNCTION public.slugify(t text)",
        {.replaceable = true});
    s.raw(
        "function",
        "touch()",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION public.touch()\n"
        " RETURNS trigger\n"
        " LANGUAGE plpgsql\n"
        "AS $function$ BEGIN NEW.updated_at := now(); RETURN NEW; END $function$",
        "DROP FUNCTION public.touch()",
        {.replaceable = true});
    s.raw(
        "function",
        "big_order_count()",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION sales.big_order_count()\n"
        " RETURNS bigint\n"
        " LANGUAGE sql\n"
        " STABLE\n"
        "BEGIN ATOMIC\n"
        " SELECT count(*) AS count\n"
        "    FROM sales.big_orders;\n"
        "END",
        "DROP FUNCTION sales.big_order_count()",
        {.schema = "sales", .depends_on = {"view:sales.big_orders"}, .replaceable = true});
  }();
  [&s] {
    s.raw(
        "function",
        "order_total(o bigint)",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION sales.order_total(o bigint)\n"
        " RETURNS numeric\n"
        " LANGUAGE sql\n"
        " STABLE\n"
        "AS $function$ SELECT coalesce(sum(quantity * price), 0) FROM sales.order_lines WHERE order_id = o $function$",
        "DROP FUNCTION sales.order_total(o bigint)",
        {.schema = "sales", .replaceable = true});
    s.raw(
        "function",
        "sum_pairs(pairs sales.money_pair[])",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE FUNCTION sales.sum_pairs(pairs sales.money_pair[])\n"
        " RETURNS numeric\n"
        " LANGUAGE sql\n"
        " IMMUTABLE\n"
        "AS $function$ SELECT coalesce(sum(p.amount), 0) FROM unnest(pairs) p $function$",
        "DROP FUNCTION sales.sum_pairs(pairs sales.money_pair[])",
        {.schema = "sales", .depends_on = {"type:sales.money_pair"}, .replaceable = true});
    s.raw(
        "index",
        "ix_daily_day",
        "CREATE UNIQUE INDEX ix_daily_day ON sales.daily USING btree (day)",
        "DROP INDEX sales.ix_daily_day",
        {.schema = "sales", .depends_on = {"materialized view:sales.daily"}, .after_tables = true});
    s.raw(
        "index storage",
        "ix_scratch_body",
        "ALTER INDEX audit.ix_scratch_body SET (fillfactor=50, deduplicate_items=off)",
        "ALTER INDEX audit.ix_scratch_body RESET (fillfactor, deduplicate_items)",
        {.schema = "audit", .after_tables = true, .table = "scratch"});
    s.raw(
        "materialized view",
        "daily",
        "CREATE MATERIALIZED VIEW sales.daily AS\n"
        " SELECT date_trunc('day'::text, orders.placed_at) AS day,\n"
        "    count(*) AS orders\n"
        "   FROM sales.orders\n"
        "  GROUP BY (date_trunc('day'::text, orders.placed_at))",
        "DROP MATERIALIZED VIEW sales.daily",
        {.schema = "sales", .after_tables = true});
    s.raw(
        "policy",
        "readings.readings_insert",
        "CREATE POLICY readings_insert ON audit.readings AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK ((line > 0))",
        "DROP POLICY readings_insert ON audit.readings",
        {.schema = "audit", .after_tables = true, .table = "readings"});
    s.raw(
        "policy",
        "readings.readings_small",
        "CREATE POLICY readings_small ON audit.readings AS RESTRICTIVE FOR SELECT TO PUBLIC USING ((order_id < 1000))",
        "DROP POLICY readings_small ON audit.readings",
        {.schema = "audit", .after_tables = true, .table = "readings"});
    s.raw(
        "procedure",
        "archive_before(IN d date)",
        "SET LOCAL check_function_bodies = off;\n"
        "CREATE OR REPLACE PROCEDURE sales.archive_before(IN d date)\n"
        " LANGUAGE plpgsql\n"
        "AS $procedure$ BEGIN DELETE FROM sales.orders WHERE placed_at < d; END $procedure$",
        "DROP PROCEDURE sales.archive_before(IN d date)",
        {.schema = "sales", .replaceable = true});
    s.raw(
        "row level security",
        "readings",
        "ALTER TABLE audit.readings ENABLE ROW LEVEL SECURITY;\n"
        "ALTER TABLE audit.readings FORCE ROW LEVEL SECURITY",
        "ALTER TABLE audit.readings NO FORCE ROW LEVEL SECURITY;\n"
        "ALTER TABLE audit.readings DISABLE ROW LEVEL SECURITY",
        {.schema = "audit", .after_tables = true, .table = "readings"});
    s.raw(
        "rule",
        "scratch.scratch_no_delete",
        "CREATE RULE scratch_no_delete AS\n    ON DELETE TO audit.scratch DO INSTEAD NOTHING",
        "DROP RULE scratch_no_delete ON audit.scratch",
        {.schema = "audit", .after_tables = true, .table = "scratch"});
  }();
  [&s] {
    s.raw(
        "statistics",
        "readings_order_line",
        "CREATE STATISTICS audit.readings_order_line (dependencies) ON order_id, line FROM audit.readings",
        "DROP STATISTICS audit.readings_order_line",
        {.schema = "audit", .after_tables = true, .table = "readings"});
    s.raw(
        "table storage",
        "scratch",
        "ALTER TABLE audit.scratch SET UNLOGGED;\n"
        "ALTER TABLE audit.scratch SET (fillfactor=70);\n"
        "ALTER TABLE audit.scratch REPLICA IDENTITY FULL;\n"
        "ALTER TABLE audit.scratch CLUSTER ON ix_scratch_body;\n"
        "ALTER TABLE audit.scratch ALTER COLUMN body SET STORAGE EXTERNAL;\n"
        "ALTER TABLE audit.scratch ALTER COLUMN body SET COMPRESSION pglz",
        "ALTER TABLE audit.scratch ALTER COLUMN body SET COMPRESSION DEFAULT;\n"
        "ALTER TABLE audit.scratch ALTER COLUMN body SET STORAGE EXTENDED;\n"
        "ALTER TABLE audit.scratch SET WITHOUT CLUSTER;\n"
        "ALTER TABLE audit.scratch REPLICA IDENTITY DEFAULT;\n"
        "ALTER TABLE audit.scratch RESET (fillfactor);\n"
        "ALTER TABLE audit.scratch SET LOGGED",
        {.schema = "audit", .after_tables = true, .table = "scratch"});
    s.raw(
        "trigger",
        "producers.producers_touch",
        "CREATE TRIGGER producers_touch BEFORE UPDATE ON public.producers FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.touch()",
        "DROP TRIGGER producers_touch ON public.producers",
        {.depends_on = {"function:touch()"}, .after_tables = true, .table = "producers"});
    s.raw(
        "trigger",
        "products.products_touch",
        "CREATE TRIGGER products_touch BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION public.touch()",
        "DROP TRIGGER products_touch ON public.products",
        {.depends_on = {"function:touch()"}, .after_tables = true, .table = "products"});
    s.raw(
        "trigger",
        "orders.orders_audit",
        "CREATE TRIGGER orders_audit AFTER INSERT OR DELETE ON sales.orders FOR EACH STATEMENT EXECUTE FUNCTION audit.log_event();\n"
        "ALTER TABLE sales.orders DISABLE TRIGGER orders_audit",
        "DROP TRIGGER orders_audit ON sales.orders",
        {
            .schema = "sales",
            .depends_on = {"function:audit.log_event()"},
            .after_tables = true,
            .table = "orders"});
    s.raw(
        "type",
        "address",
        "CREATE TYPE public.address AS (street text, city character varying(80), zip character(5))",
        "DROP TYPE public.address");
    s.raw(
        "type",
        "money_pair",
        "CREATE TYPE sales.money_pair AS (amount numeric(10,2), currency character(3))",
        "DROP TYPE sales.money_pair",
        {.schema = "sales"});
    s.raw(
        "view",
        "active_products",
        "CREATE VIEW public.active_products WITH (check_option=cascaded) AS\n"
        " SELECT products.name AS product,\n"
        "    products.colour\n"
        "   FROM public.products\n"
        "  WHERE products.active",
        "DROP VIEW public.active_products",
        {.after_tables = true});
    s.raw(
        "view",
        "big_orders",
        "CREATE VIEW sales.big_orders WITH (security_barrier=true) AS\n"
        " SELECT order_totals.id,\n"
        "    order_totals.placed_at,\n"
        "    order_totals.total\n"
        "   FROM sales.order_totals\n"
        "  WHERE (order_totals.total > (1000)::numeric)",
        "DROP VIEW sales.big_orders",
        {.schema = "sales", .depends_on = {"view:sales.order_totals"}, .after_tables = true});
    s.raw(
        "view",
        "order_totals",
        "CREATE VIEW sales.order_totals AS\n"
        " SELECT o.id,\n"
        "    o.placed_at,\n"
        "    sum(((l.quantity)::numeric * l.price)) AS total\n"
        "   FROM (sales.orders o\n"
        "     JOIN sales.order_lines l ON ((l.order_id = o.id)))\n"
        "  GROUP BY o.id, o.placed_at",
        "DROP VIEW sales.order_totals",
        {.schema = "sales", .after_tables = true});
  }();
  return s;
}

}  // namespace

RETORT_MODEL(adopted_model);
