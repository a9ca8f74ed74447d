// Adopting a database built without retort: a baseline read from database A and applied to an
// empty database B rebuilds A exactly (pg_dump of both compared), its reverse empties B, and
// database-vs-database compare turns A into A'. Each test builds its databases from the SQL
// files beside this one.
#include <retort/migration.hpp>
#include <retort/reverse.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/adopt/schema_dump.hpp"
#include "autogen/apply.hpp"
#include "autogen/compare.hpp"
#include "autogen/model_plugin.hpp"
#include "emit/cpp_source.hpp"
#include "emit/model_source.hpp"
#include "introspect/introspect.hpp"
#include "loader/plugin_metadata.hpp"
#include "render/describe.hpp"
#include "scaffold/script.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::string sql_file(const std::string& name) {
  return testing::read_text(std::string(RETORT_ADOPT_DIR) + "/" + name);
}

struct database {
  std::string url = testing::fresh_database_url();
  std::unique_ptr<pg::session> session = pg::session::connect(url);
};

std::vector<std::string> described(const operations& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(render::describe(op));
  }
  return out;
}

class adopt : public ::testing::Test {
 protected:
  database a;
  database b;

  void SetUp() override { a.session->exec(sql_file("rich_schema.sql")); }
};

TEST_F(adopt, a_baseline_rebuilds_database_a_in_an_empty_database_and_its_reverse_empties_it) {
  auto empty_dump = testing::schema_dump(b.url);
  auto read = introspect::read_database(*a.session);
  EXPECT_THAT(read.notes, IsEmpty()) << "the rich schema holds only what is carried";
  auto baseline = autogen::compare(read.schema, {});
  EXPECT_THAT(baseline.notes, IsEmpty());

  testing::apply(*b.session, baseline.upgrade);
  EXPECT_EQ(testing::schema_dump(b.url), testing::schema_dump(a.url));
  EXPECT_THAT(described(autogen::compare(read.schema, introspect::read_schema(*b.session)).upgrade),
              IsEmpty());

  testing::apply(*b.session, reverse(baseline.upgrade));
  EXPECT_EQ(testing::schema_dump(b.url), empty_dump);
}

// The emitted files are kept beside this test: the baseline migration is compiled into it, the
// model into a plugin by retort_add_model(). RETORT_UPDATE_GOLDEN=1 rewrites them.
void expect_golden(const std::string& text, const std::string& file) {
  auto path = std::string(RETORT_ADOPT_DIR) + "/" + file;
  if (std::getenv("RETORT_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << text;
  }
  EXPECT_EQ(text, testing::read_text(path)) << "RETORT_UPDATE_GOLDEN=1 rewrites " << path;
}

constexpr const char* baseline_revision = "b00000000001";

// The revision the compiled migration declares, from the header its code carries.
std::string declared_revision(const plugin_abi::migration_entry& entry) {
  return loader::decode_declared_header("test", entry.header, entry.header_size).info.revision;
}

const plugin_abi::migration_entry& compiled_baseline() {
  const auto& entries = plugin_detail::registry();
  auto it = std::find_if(entries.begin(), entries.end(),
                         [](const auto& e) { return declared_revision(e) == baseline_revision; });
  if (it == entries.end()) {
    throw std::runtime_error("the golden baseline is not compiled in");
  }
  return *it;
}

TEST_F(adopt, the_emitted_baseline_matches_its_golden_file_and_compiled_rebuilds_database_a) {
  auto ops = autogen::compare(introspect::read_schema(*a.session), {}).upgrade;
  scaffold::script_fields fields{
      .revision = baseline_revision,
      .message = "baseline",
      .create_date = std::chrono::system_clock::time_point(std::chrono::hours(24 * 20762)),
      .upgrades = emit::upgrade_body(ops),
      .downgrades = emit::downgrade_body(ops)};
  expect_golden(scaffold::render_script(scaffold::default_script_template(), "built-in", fields),
                "golden_baseline.cpp");

  auto empty_dump = testing::schema_dump(b.url);
  testing::apply(*b.session, compiled_baseline().upgrade());
  EXPECT_EQ(testing::schema_dump(b.url), testing::schema_dump(a.url));
  testing::apply(*b.session, compiled_baseline().downgrade());
  EXPECT_EQ(testing::schema_dump(b.url), empty_dump);
}

TEST_F(adopt, the_emitted_model_matches_its_golden_file_and_compiled_equals_database_a) {
  auto read = introspect::read_schema(*a.session);
  expect_golden(emit::model_source(read, {.function = "adopted_model",
                                          .title = "Database A of the adoption tests"}),
                "golden_model.cpp");

  auto compiled = autogen::load_model(std::string(RETORT_ADOPT_MODEL));
  auto result = autogen::compare(compiled, read);
  EXPECT_THAT(described(result.upgrade), IsEmpty());
  EXPECT_THAT(result.notes, IsEmpty());
  EXPECT_THAT(described(autogen::compare(compiled, model::schema{}).upgrade), Not(IsEmpty()))
      << "the plugin holds the schema";
}

TEST_F(adopt, every_object_op_cannot_express_is_carried_and_listed) {
  auto baseline = autogen::compare(introspect::read_schema(*a.session), {});
  EXPECT_THAT(
      baseline.carried_as_sql,
      ElementsAre(
          "create function audit.concat_step(state text, next text)",
          "create aggregate audit.concat_all(text)",  // after its state function
          "create domain positive_money", "create domain sales.email",
          "create function audit.log_event()", "create function product_label(pid integer)",
          "create function slugify(t text)", "create function touch()",
          "create function sales.order_total(o bigint)",
          // The array of it in the signature puts the type first.
          "create type sales.money_pair",
          "create function sales.sum_pairs(pairs sales.money_pair[])",
          "create procedure sales.archive_before(IN d date)", "create type address",
          "create exclusion constraint audit.events.no_overlap", "create view sales.order_totals",
          "create view sales.big_orders", "create function sales.big_order_count()",
          "create materialized view sales.daily", "create index sales.ix_daily_day",
          "create index storage audit.ix_scratch_body",
          "create policy audit.readings.readings_insert",
          "create policy audit.readings.readings_small", "create row level security audit.readings",
          "create rule audit.scratch.scratch_no_delete",
          "create statistics audit.readings_order_line", "create table storage audit.scratch",
          "create trigger producers.producers_touch", "create trigger products.products_touch",
          "create trigger sales.orders.orders_audit", "create view active_products",
          "create comment on schema sales",
          "create comment on trigger products_touch on public.products",
          "create comment on function public.slugify(pg_catalog.text)",
          "create comment on index public.ix_products_producer_colour",
          "create comment on sequence public.invoice_numbers",
          "create comment on table constraint ck_producers_slug on public.producers",
          "create comment on type public.colour", "create comment on type sales.email",
          "create comment on view column sales.order_totals.total",
          "create comment on view sales.order_totals"));
}

TEST_F(adopt, database_against_database_emits_exactly_the_changes_and_they_make_the_dumps_equal) {
  database changed;
  changed.session->exec(sql_file("rich_schema.sql"));
  changed.session->exec(sql_file("alter_schema.sql"));

  auto result = autogen::compare(introspect::read_schema(*changed.session),
                                 introspect::read_schema(*a.session));
  EXPECT_THAT(result.notes, IsEmpty());
  EXPECT_THAT(
      described(result.upgrade),
      ElementsAre("execute `COMMENT ON INDEX public.ix_products_producer_colour IS NULL`",
                  "execute `DROP TRIGGER orders_audit ON sales.orders`",
                  "execute `DROP FUNCTION sales.big_order_count()`",
                  "execute `DROP VIEW sales.big_orders`",
                  "execute `CREATE DOMAIN audit.short_text AS character varying(40)`",
                  "execute `SET LOCAL check_function_bodies = off;...`",
                  "drop_index ix_products_producer_colour",
                  "drop_constraint ck_quantity on sales.order_lines", "create_table audit.notes",
                  "add_column producers.website", "drop_column producers.founded",
                  "alter_column products.code", "create_index ix_products_code on products",
                  "add_constraint ck_quantity on sales.order_lines",
                  "execute `CREATE VIEW sales.big_orders AS...`",
                  "execute `SET LOCAL check_function_bodies = off;...`",
                  "execute `COMMENT ON VIEW sales.order_totals IS 'One row per order, wi...`"));
  // The function that reads the changed view is dropped and created with it.
  EXPECT_THAT(result.carried_as_sql,
              ElementsAre("drop comment on index public.ix_products_producer_colour",
                          "drop trigger sales.orders.orders_audit",
                          "drop function sales.big_order_count()", "drop view sales.big_orders",
                          "create domain audit.short_text", "replace function touch()",
                          "create view sales.big_orders", "create function sales.big_order_count()",
                          "replace comment on view sales.order_totals"));

  testing::apply(*a.session, result.upgrade);
  EXPECT_EQ(testing::schema_dump(a.url), testing::schema_dump(changed.url));
}

TEST(adopt_notes, what_the_model_cannot_hold_is_listed_never_dropped_silently) {
  database d;
  d.session->exec(R"sql(
    CREATE TABLE measures (at date NOT NULL, value numeric) PARTITION BY RANGE (at);
    CREATE TABLE measures_2026 PARTITION OF measures
      FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE TABLE boxes (w int, h int, area int GENERATED ALWAYS AS (w * h) STORED,
                        label text COLLATE "C");
    CREATE UNLOGGED TABLE scratch (id int);
    ALTER TABLE boxes ENABLE ROW LEVEL SECURITY;
    CREATE POLICY only_small ON boxes USING (w < 10);
    CREATE TABLE counters (id int GENERATED ALWAYS AS IDENTITY (START WITH 100) PRIMARY KEY);
  )sql");
  EXPECT_THAT(introspect::read_database(*d.session).notes,
              UnorderedElementsAre(
                  "column public.boxes.label has collation \"C\": not carried",
                  "sequence public.counters_id_seq of an identity column has settings other than "
                  "PostgreSQL's defaults: not carried"));
}

TEST(adopt_columns, a_stored_generated_column_is_read_with_its_expression_and_no_default) {
  database d;
  d.session->exec("CREATE TABLE boxes (w int, h int, area int GENERATED ALWAYS AS (w * h) STORED)");
  auto reading = introspect::read_database(*d.session);
  ASSERT_EQ(reading.schema.tables.size(), 1U);
  const auto& area = reading.schema.tables[0].columns.at(2);
  EXPECT_EQ(area.name, "area");
  EXPECT_EQ(area.generated, "(w * h)");
  EXPECT_EQ(area.server_default, std::nullopt);
  EXPECT_THAT(reading.notes, IsEmpty());
}

}  // namespace
}  // namespace retort
