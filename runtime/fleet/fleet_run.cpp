#include "fleet/fleet_run.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace retort::fleet {

namespace {

database_result migrate_and_record(const database& db, const migrate_one& migrate) {
  database_result out{.db = db};
  const auto start = std::chrono::steady_clock::now();
  try {
    out.applied = migrate(db);
    out.result =
        out.applied.empty() ? database_result::outcome::current : database_result::outcome::applied;
  } catch (const partial_failure& e) {
    out.applied = e.applied();
    out.reason = e.what();
  } catch (const std::exception& e) {
    out.reason = e.what();
  } catch (...) {
    out.reason = "an exception that is not a std::exception";
  }
  out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return out;
}

}  // namespace

std::vector<database_result> run(const std::vector<database>& databases, int jobs,
                                 const migrate_one& migrate,
                                 const std::function<void(const database_result&)>& finished) {
  std::vector<database_result> results(databases.size());
  std::atomic<std::size_t> next{0};
  std::mutex report;
  auto worker = [&] {
    for (auto i = next++; i < databases.size(); i = next++) {
      results[i] = migrate_and_record(databases[i], migrate);
      std::lock_guard lock(report);
      finished(results[i]);
    }
  };
  if (databases.empty()) {
    return results;
  }
  const auto workers = std::min(static_cast<std::size_t>(std::max(jobs, 1)), databases.size());
  std::vector<std::jthread> threads;
  threads.reserve(workers - 1);
  for (std::size_t t = 1; t < workers; ++t) {
    threads.emplace_back(worker);
  }
  worker();
  threads.clear();  // joins: every result is written before it is returned
  return results;
}

}  // namespace retort::fleet
