// A batched backfill against a single UPDATE on the same table, with a concurrent writer doing
// single-row updates throughout: total time, table size afterwards, and the writer's waits.
//
//     backfill_bench [--rows 10000000] [--out results.json]
//
// Uses the test suite's PostgreSQL harness: run by hand, it starts a private scratch cluster.
// Writes JSON for plot.py; not part of CI (10,000,000 rows take minutes).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "migrator/migrator.hpp"
#include "pg/session.hpp"
#include "support/postgres_server.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

struct sample {
  double at_s;       // when the write started, from the start of the run
  double waited_ms;  // how long it took
};

struct outcome {
  std::string name;
  double seconds = 0;
  long long table_bytes = 0;
  std::vector<sample> writes;
};

void create_table(retort::pg::session& db, long long rows) {
  db.exec(
      "DROP TABLE IF EXISTS wide; DROP TABLE IF EXISTS alembic_version, "
      "alembic_version_history, alembic_version_in_progress, alembic_version_progress CASCADE");
  db.exec(
      "CREATE TABLE wide (id bigint PRIMARY KEY, a integer NOT NULL, b integer NOT NULL, "
      "total bigint, note text NOT NULL)");
  db.exec(
      fmt::format("INSERT INTO wide SELECT g, g % 1000, g / 1000, NULL, 'row ' || g FROM "
                  "generate_series(1, {}) g",
                  rows));
  db.exec("VACUUM ANALYZE wide");
  db.exec("CHECKPOINT");
}

// Runs `work` while another connection updates random single rows, one at a time, every 5 ms.
template <class Work>
outcome measure(const std::string& name, const std::string& url, long long rows, Work work) {
  outcome out;
  out.name = name;
  std::atomic<bool> running{true};
  std::thread writer([&] {
    auto session = retort::pg::session::connect(url, "bench-writer");
    std::mt19937_64 random(42);
    std::uniform_int_distribution<long long> id(1, rows);
    const auto origin = clock_type::now();
    while (running) {
      const auto start = clock_type::now();
      session->exec(retort::sql_statement{"UPDATE wide SET note = note WHERE id = $1",
                                          {std::to_string(id(random))}});
      const auto end = clock_type::now();
      out.writes.push_back({std::chrono::duration<double>(start - origin).count(),
                            std::chrono::duration<double, std::milli>(end - start).count()});
      // A steady 200 updates a second, as an application would send them: the same load in
      // both runs, and CPU left for the work being measured.
      std::this_thread::sleep_until(start + std::chrono::milliseconds(5));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto start = clock_type::now();
  work();
  out.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  running = false;
  writer.join();
  auto db = retort::pg::session::connect(url);
  out.table_bytes =
      std::stoll(db->exec("SELECT pg_total_relation_size('wide')").rows.at(0).at(0).value());
  return out;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  long long rows = 10'000'000;
  std::string out_file = "backfill_results.json";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--rows") {
      rows = std::stoll(argv[i + 1]);
    } else if (flag == "--out") {
      out_file = argv[i + 1];
    }
  }
  const auto url = retort::testing::fresh_database_url();
  auto db = retort::pg::session::connect(url);
  std::vector<outcome> results;

  create_table(*db, rows);
  results.push_back(
      measure("single UPDATE", url, rows, [&] { db->exec("UPDATE wide SET total = a + b"); }));

  create_table(*db, rows);
  results.push_back(measure("retort backfill (10,000 rows a batch)", url, rows, [&] {
    retort::migrator m({.url = url, .plugin_directory = RETORT_BENCH_PLUGINS});
    m.upgrade("head");
  }));
  if (db->exec("SELECT count(*) FROM wide WHERE total IS DISTINCT FROM a + b").rows.at(0).at(0) !=
      std::optional<std::string>("0")) {
    std::fprintf(stderr, "the backfill missed rows\n");
    return 1;
  }

  std::ofstream json(out_file);
  json << "{\"rows\": " << rows << ", \"runs\": [";
  for (std::size_t r = 0; r < results.size(); ++r) {
    const auto& o = results[r];
    std::vector<double> waits;
    for (const auto& s : o.writes) {
      waits.push_back(s.waited_ms);
    }
    fmt::print(
        "{:<40} {:8.1f} s  table {:7.1f} MB  writer: {} writes, worst {:8.1f} ms, "
        "p99 {:6.1f} ms\n",
        o.name, o.seconds, static_cast<double>(o.table_bytes) / 1e6, waits.size(),
        percentile(waits, 1.0), percentile(waits, 0.99));
    json << (r == 0 ? "" : ", ") << "{\"name\": \"" << o.name << "\", \"seconds\": " << o.seconds
         << ", \"table_bytes\": " << o.table_bytes << ", \"worst_ms\": " << percentile(waits, 1.0)
         << ", \"p99_ms\": " << percentile(waits, 0.99) << ", \"writes\": [";
    for (std::size_t i = 0; i < o.writes.size(); ++i) {
      json << (i == 0 ? "" : ", ") << "[" << o.writes[i].at_s << ", " << o.writes[i].waited_ms
           << "]";
    }
    json << "]}";
  }
  json << "]}\n";
  return 0;
}
