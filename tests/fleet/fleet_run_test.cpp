// The runner of `upgrade --databases`: bounded parallelism, every database once, failures kept
// per database. The migration function here stands in for a migrator, so the runner's own
// guarantees can be observed; the real thing runs in fleet_cli_test.cpp.
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fleet/fleet_run.hpp"

namespace retort {
namespace {

using outcome = fleet::database_result::outcome;

std::vector<fleet::database> databases(int n) {
  std::vector<fleet::database> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({.name = "db" + std::to_string(i), .url = "url" + std::to_string(i)});
  }
  return out;
}

TEST(fleet_run, never_runs_more_than_jobs_at_once_and_runs_each_database_once) {
  std::mutex lock;
  std::condition_variable changed;
  int running = 0;
  int most = 0;
  int calls = 0;
  bool first_three_met = false;
  std::multiset<std::string> seen;
  auto results = fleet::run(databases(20), 3, [&](const fleet::database& db) {
    std::unique_lock guard(lock);
    seen.insert(db.name);
    most = std::max(most, ++running);
    // The first three wait for each other: they can meet only if three run at once.
    if (++calls <= 3) {
      changed.notify_all();
      first_three_met =
          changed.wait_for(guard, std::chrono::seconds(30), [&] { return calls >= 3; });
    }
    --running;
    return std::vector<std::string>{"r1"};
  });
  EXPECT_TRUE(first_three_met) << "three jobs never ran at once";
  EXPECT_EQ(most, 3);
  ASSERT_EQ(results.size(), 20U);
  EXPECT_EQ(seen.size(), 20U);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(seen.count("db" + std::to_string(i)), 1U);
    EXPECT_EQ(results[i].db.name, "db" + std::to_string(i)) << "results keep the list's order";
    EXPECT_EQ(results[i].result, outcome::applied);
  }
}

TEST(fleet_run, a_failure_is_recorded_for_its_database_and_the_others_go_on) {
  std::vector<std::string> finished;
  auto results = fleet::run(
      databases(5), 2,
      [](const fleet::database& db) -> std::vector<std::string> {
        if (db.name == "db1") {
          throw fleet::partial_failure({"r1"}, "upgrade of r2 failed");
        }
        if (db.name == "db3") {
          throw 42;  // not a std::exception: still recorded, never lost
        }
        if (db.name == "db4") {
          return {};
        }
        return {"r1", "r2"};
      },
      [&](const fleet::database_result& r) { finished.push_back(r.db.name); });
  EXPECT_EQ(finished.size(), 5U);
  EXPECT_EQ(results[0].result, outcome::applied);
  EXPECT_EQ(results[0].applied, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(results[1].result, outcome::failed);
  EXPECT_EQ(results[1].applied, std::vector<std::string>{"r1"});
  EXPECT_EQ(results[1].reason, "upgrade of r2 failed");
  EXPECT_EQ(results[2].result, outcome::applied);
  EXPECT_EQ(results[3].result, outcome::failed);
  EXPECT_THAT(results[3].reason, ::testing::HasSubstr("not a std::exception"));
  EXPECT_EQ(results[4].result, outcome::current);
}

}  // namespace
}  // namespace retort
