// Autogenerate on a 1,000-table schema: introspection (a fixed handful of catalog queries),
// compare against the declared model, and both together, as `revision --autogenerate` runs
// them. Issue 5 asks for "well under a second" to read such a schema. Adoption (issue 7): the
// baseline of such a database with views, triggers and comments besides (read, compare with an
// empty schema, emit upgrade() and downgrade()), as `revision --autogenerate --from-database`
// runs it, and the model source of it, as `retort model` writes it; "seconds, not minutes".
//
//   cmake -DRETORT_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release ... && ./bench/autogen_bench
//
// The database: RETORT_BENCH_URL if set, else a fresh one on a private scratch cluster
// (scripts/pg-scratch.sh), as the tests do when run by hand.

#include <retort/model/schema.hpp>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "autogen/compare.hpp"
#include "emit/cpp_source.hpp"
#include "emit/model_source.hpp"
#include "introspect/introspect.hpp"
#include "pg/session.hpp"
#include "render/postgres_dialect.hpp"
#include "support/postgres_server.hpp"

namespace {

constexpr int tables = 1'000;

// Each table: an identity key, text and numeric columns with defaults, a foreign key to the
// table before it, a unique and a check constraint, a plain and a partial index, comments.
retort::model::schema thousand_tables() {
  namespace type = retort::op::type;
  retort::model::schema s;
  for (int i = 0; i < tables; ++i) {
    auto name = fmt::format("t{:04}", i);
    auto& t = s.table(name, {.comment = "bench table"});
    t.column("id", type::bigint(),
             {.identity = retort::op::identity_kind::always, .primary_key = true})
        .column("code", type::varchar(40), {.nullable = false})
        .column("amount", type::numeric(12, 2), {.nullable = false, .server_default = "0"})
        .column("created_at", type::timestamp_tz(), {.nullable = false, .server_default = "now()"})
        .column("note", type::text(), {.comment = "free text"})
        .column("parent_id", type::bigint())
        .unique({"code"})
        .check(retort::name(name + "_amount_check"), "amount >= 0")
        .index(retort::name("ix_" + name + "_created"), {"created_at"})
        .index(retort::name("ix_" + name + "_note"), {"note"}, {.where = "note IS NOT NULL"});
    if (i > 0) {
      t.foreign_key({"parent_id"}, retort::name(fmt::format("t{:04}", i - 1)), {"id"});
    }
  }
  return s;
}

struct fixture {
  retort::model::schema model = thousand_tables();
  std::unique_ptr<retort::pg::session> db;

  fixture() {
    const char* url = std::getenv("RETORT_BENCH_URL");
    db = retort::pg::session::connect(url != nullptr ? url : retort::testing::fresh_database_url());
    const retort::render::postgres_dialect dialect;
    db->begin();
    for (const auto& op : retort::autogen::compare(model, {}).upgrade) {
      for (const auto& statement : dialect.render(op)) {
        db->exec(statement);
      }
    }
    db->commit();
    if (!retort::autogen::compare(model, retort::introspect::read_schema(*db)).upgrade.empty()) {
      throw std::runtime_error("the built schema differs from its model");
    }
  }
};

fixture& shared() {
  static fixture f;
  return f;
}

void introspect_1000_tables(benchmark::State& state) {
  auto& f = shared();
  for (auto _ : state) {
    benchmark::DoNotOptimize(retort::introspect::read_schema(*f.db));
  }
}
BENCHMARK(introspect_1000_tables)->Unit(benchmark::kMillisecond);

void compare_1000_tables(benchmark::State& state) {
  auto& f = shared();
  auto actual = retort::introspect::read_schema(*f.db);
  for (auto _ : state) {
    benchmark::DoNotOptimize(retort::autogen::compare(f.model, actual));
  }
}
BENCHMARK(compare_1000_tables)->Unit(benchmark::kMillisecond);

void introspect_and_compare_1000_tables(benchmark::State& state) {
  auto& f = shared();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        retort::autogen::compare(f.model, retort::introspect::read_schema(*f.db)));
  }
}
BENCHMARK(introspect_and_compare_1000_tables)->Unit(benchmark::kMillisecond);

// The same database with what op:: cannot express: a view and a trigger on every tenth table,
// one trigger function, comments on the views.
std::unique_ptr<retort::pg::session> adopted_database() {
  const char* url = std::getenv("RETORT_BENCH_ADOPT_URL");
  auto db =
      retort::pg::session::connect(url != nullptr ? url : retort::testing::fresh_database_url());
  const retort::render::postgres_dialect dialect;
  db->begin();
  for (const auto& op : retort::autogen::compare(thousand_tables(), {}).upgrade) {
    for (const auto& statement : dialect.render(op)) {
      db->exec(statement);
    }
  }
  db->exec(
      "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS "
      "$$ BEGIN NEW.created_at := now(); RETURN NEW; END $$");
  for (int i = 0; i < tables; i += 10) {
    db->exec(fmt::format(
        "CREATE VIEW v{0:04} AS SELECT id, code, amount FROM t{0:04} WHERE amount > 0;"
        "COMMENT ON VIEW v{0:04} IS 'positive amounts';"
        "CREATE TRIGGER stamp BEFORE INSERT ON t{0:04} FOR EACH ROW EXECUTE FUNCTION stamp()",
        i));
  }
  db->commit();
  return db;
}

std::unique_ptr<retort::pg::session>& adopted() {
  static auto db = adopted_database();
  return db;
}

void baseline_1000_tables(benchmark::State& state) {
  auto& db = *adopted();
  for (auto _ : state) {
    auto read = retort::introspect::read_database(db);
    auto result = retort::autogen::compare(std::move(read.schema), {});
    benchmark::DoNotOptimize(retort::emit::upgrade_body(result.upgrade));
    benchmark::DoNotOptimize(retort::emit::downgrade_body(result.upgrade));
  }
}
BENCHMARK(baseline_1000_tables)->Unit(benchmark::kMillisecond);

void model_source_1000_tables(benchmark::State& state) {
  auto& db = *adopted();
  for (auto _ : state) {
    benchmark::DoNotOptimize(retort::emit::model_source(retort::introspect::read_schema(db)));
  }
}
BENCHMARK(model_source_1000_tables)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
