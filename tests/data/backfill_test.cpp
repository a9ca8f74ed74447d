// Batched backfills (op::backfill) against a real server: every row exactly once, resumed after
// SIGKILL, polite to concurrent writers, stopped by a time limit, and written as a script.
#include <retort/errors.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "executor/executor.hpp"
#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "offline/offline_script.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

class backfills : public ::testing::Test {
 protected:
  backfills() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make(const std::string& bundle, std::vector<std::string>* lines = nullptr) {
    migrator_options options{.url = url_,
                             .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/" + bundle};
    if (lines != nullptr) {
      options.out = [lines](std::string_view line) { lines->emplace_back(line); };
    }
    return migrator(std::move(options));
  }

  migration_failed failure(const std::string& bundle, const std::string& base) {
    auto m = make(bundle);
    m.upgrade(base);
    try {
      m.upgrade("head");
    } catch (const migration_failed& e) {
      return e;
    }
    throw std::logic_error("upgrade head did not fail");
  }

  std::int64_t count(const std::string& sql) { return std::stoll(db_.scalar(sql)); }

  std::string url_;
  testing::database db_;
};

TEST_F(backfills, an_sql_backfill_updates_each_matching_row_once_in_batches) {
  std::vector<std::string> lines;
  make("backfill_sql", &lines).upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000010"));
  EXPECT_THAT(db_.column("SELECT id || ' ' || coalesce(display_name, '-') || ' ' || touched FROM "
                         "producers ORDER BY id"),
              ElementsAre("1 Angelo Gaja (1) 1", "2 Egon Müller (2) 1", "3 - 0",
                          "4 Maria José López de Heredia (4) 1"));
  EXPECT_THAT(lines, ::testing::Contains(HasSubstr("Backfilled \"fill display names\": 3 rows in 2 "
                                                   "batches")));
  EXPECT_THAT(db_.scalar("SELECT detail FROM alembic_version_history WHERE revision = "
                         "'da7a00000010'"),
              HasSubstr("backfill \"fill display names\": 3 rows in 2 batches"));
  EXPECT_EQ(count("SELECT count(*) FROM alembic_version_progress"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM alembic_version_in_progress"), 0);
}

TEST_F(backfills, a_cpp_backfill_runs_its_code_for_each_row_of_each_batch) {
  make("backfill_cpp").upgrade("head");

  EXPECT_THAT(db_.column("SELECT first_name || ' ' || touched FROM producers ORDER BY id"),
              ElementsAre("11/Ange 1", "12/Egon 1", "9/Dagu 1", "29/Mari 1"));
}

TEST_F(backfills, a_backfill_in_a_transactional_migration_is_refused_before_anything_runs) {
  auto error = failure("backfill_in_transaction", "da7a00000001");

  EXPECT_THAT(error.what(), HasSubstr("backfill \"touch all\" commits each batch on its own"));
  EXPECT_THAT(error.what(), HasSubstr(".transactional = false"));
  EXPECT_EQ(count("SELECT sum(touched) FROM producers"), 0);
}

TEST_F(backfills, a_key_without_a_unique_index_is_refused_before_any_batch) {
  auto error = failure("backfill_no_key", "da7a00000001");

  EXPECT_THAT(error.what(), HasSubstr("cannot batch \"producers\" by touched"));
  EXPECT_EQ(count("SELECT sum(touched) FROM producers"), 0);
  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000001"));
}

TEST_F(backfills, a_backfill_killed_half_way_resumes_and_updates_every_row_exactly_once) {
  make("big").upgrade("b19000000001");

  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    try {
      make("big").upgrade("head");
    } catch (...) {
      _exit(3);
    }
    _exit(0);
  }
  // Kill it with SIGKILL once a fifth of the rows are done.
  std::int64_t done = 0;
  for (int i = 0; i < 2400 && done < 200000; ++i) {
    std::this_thread::sleep_for(25ms);
    if (count("SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version_progress'") == 1) {
      done = count("SELECT coalesce(sum(rows), 0) FROM alembic_version_progress");
    }
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it was killed";
  const auto at_kill = count("SELECT coalesce(sum(rows), 0) FROM alembic_version_progress");
  ASSERT_GE(at_kill, 200000);
  ASSERT_LT(at_kill, 1000000);
  EXPECT_EQ(count("SELECT count(*) FROM big WHERE times = 1"), at_kill);
  EXPECT_THAT(db_.versions(), ElementsAre("b19000000001"));

  std::vector<std::string> lines;
  make("big", &lines).upgrade("head");

  EXPECT_THAT(lines, ::testing::Contains(HasSubstr("Continuing revision b19000000002")));
  EXPECT_THAT(db_.versions(), ElementsAre("b19000000002"));
  EXPECT_EQ(count("SELECT count(*) FROM big WHERE times = 1"), 1000000);
  EXPECT_EQ(count("SELECT count(*) FROM big WHERE times <> 1 OR total IS DISTINCT FROM a + b"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM alembic_version_progress"), 0);
}

TEST_F(backfills, a_concurrent_writer_waits_at_most_about_one_batch) {
  make("big").upgrade("b19000000001");
  std::atomic<bool> running{true};
  std::atomic<std::int64_t> worst_us{0};
  std::atomic<std::int64_t> writes{0};
  std::thread writer([&] {
    auto session = pg::session::connect(url_, "writer");
    std::mt19937 random(7);
    std::uniform_int_distribution<int> id(1, 1000000);
    while (running) {
      const auto start = std::chrono::steady_clock::now();
      session->exec(
          sql_statement{"UPDATE big SET a = a WHERE id = $1", {std::to_string(id(random))}});
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
      worst_us = std::max<std::int64_t>(worst_us, us);
      ++writes;
    }
  });
  const auto start = std::chrono::steady_clock::now();
  make("big").upgrade("head");
  const auto backfill = std::chrono::steady_clock::now() - start;
  running = false;
  writer.join();

  EXPECT_EQ(count("SELECT count(*) FROM big WHERE times = 1"), 1000000);
  EXPECT_GT(writes.load(), 100);
  // A single UPDATE would block it for the whole run; a batch of 5,000 rows takes well under a
  // second even on a loaded machine.
  EXPECT_LT(worst_us.load(), 1'000'000) << writes.load() << " writes";
  EXPECT_LT(std::chrono::microseconds(worst_us.load()) * 4, backfill);
}

TEST_F(backfills, a_time_limit_stops_cleanly_and_the_next_run_continues) {
  make("big_time_limit").upgrade("b19000000001");
  auto run = [&] {
    try {
      make("big_time_limit").upgrade("head");
    } catch (const executor::backfill_paused& e) {
      return std::string(e.what());
    }
    return std::string("finished");
  };

  const auto first = run();
  const auto after_first = count("SELECT count(*) FROM big WHERE times = 1");
  const auto second = run();
  const auto after_second = count("SELECT count(*) FROM big WHERE times = 1");

  EXPECT_THAT(first, HasSubstr("paused: backfill \"fill totals\" reached its time limit of 1 s"));
  EXPECT_THAT(second, HasSubstr("paused"));
  EXPECT_GT(after_first, 0);
  EXPECT_GT(after_second, after_first);
  EXPECT_LT(after_second, 1000000);
  EXPECT_EQ(count("SELECT count(*) FROM big WHERE times > 1"), 0);
  EXPECT_EQ(count("SELECT sum(rows) FROM alembic_version_progress"), after_second);
  EXPECT_THAT(db_.versions(), ElementsAre("b19000000001"));
}

TEST_F(backfills, an_offline_script_runs_an_sql_backfill_as_psql_applies_it) {
  make("backfill_sql").upgrade("da7a00000001");
  const auto script = make("backfill_sql").upgrade_sql("da7a00000001:head");
  EXPECT_THAT(script, HasSubstr("DO $retort_backfill$"));
  EXPECT_THAT(script, HasSubstr("COMMIT;"));

  const auto file = std::filesystem::temp_directory_path() /
                    ("retort_backfill_" + std::to_string(getpid()) + ".sql");
  std::ofstream(file) << script;
  const auto command =
      "psql -X -q -v ON_ERROR_STOP=1 -d '" + url_ + "' -f '" + file.string() + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << script;
  std::filesystem::remove(file);

  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000010"));
  EXPECT_THAT(db_.column("SELECT id || ' ' || coalesce(display_name, '-') || ' ' || touched FROM "
                         "producers ORDER BY id"),
              ElementsAre("1 Angelo Gaja (1) 1", "2 Egon Müller (2) 1", "3 - 0",
                          "4 Maria José López de Heredia (4) 1"));
}

TEST_F(backfills, an_offline_script_refuses_a_cpp_backfill_naming_revision_and_step) {
  try {
    (void)make("backfill_cpp").upgrade_sql("da7a00000001:head");
    FAIL() << "a C++ backfill became SQL";
  } catch (const offline::unsupported& e) {
    EXPECT_EQ(e.revision(), "da7a00000011");
    EXPECT_THAT(e.what(),
                HasSubstr("backfill \"abbreviate names\" runs C++ code for each row, which "
                          "an SQL script cannot hold"));
  }
}

}  // namespace
}  // namespace retort
