// Timeouts, retries, a terminated backend and single-transaction runs: whatever stops a
// migration, nothing of it remains, and the version table says exactly what was applied.
#include <retort/errors.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "concurrency/support.hpp"
#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "pg/session.hpp"
#include "support/error_of.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::shell_quote;
namespace exit_code = cli::exit_code;

std::string bundle(const std::string& name) {
  return std::string(RETORT_TEST_BUNDLES) + "/" + name;
}

class gadgets : public ::testing::Test {
 protected:
  gadgets() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make(const std::string& name, concurrency_options concurrency = {}) {
    return migrator({.url = url_,
                     .plugin_directory = bundle(name),
                     .out = [this](std::string_view line) { on_line(line); },
                     .concurrency = concurrency});
  }
  std::string cli_args(const std::string& name) {
    return "--url " + shell_quote(url_) + " --plugins " + bundle(name);
  }
  std::vector<std::string> columns() { return db_.columns("gadgets"); }

  void on_line(std::string_view line) {
    lines_.emplace_back(line);
    if (line.starts_with("Retrying") && on_retry_) {
      on_retry_();
    }
  }

  std::string url_;
  testing::database db_;
  std::vector<std::string> lines_;
  std::function<void()> on_retry_;
};

// --- PostgreSQL's lock_timeout, and retries -------------------------------------------------

class locked_table : public gadgets {
 protected:
  locked_table() : other_(url_) {
    make("slow").upgrade("bbbb00000001");
    // Another session, in the middle of its own work on the table.
    other_.session().begin();
    other_.session().exec("LOCK TABLE gadgets IN ACCESS EXCLUSIVE MODE");
    // The other session finishes once the migration has been turned away once.
    on_retry_ = [this] { other_.session().rollback(); };
  }
  testing::database other_;
};

TEST_F(locked_table, without_retries_the_lock_timeout_fails_the_step_cleanly) {
  auto m = make("slow", {.pg_lock_timeout = 200ms});
  try {
    m.upgrade("bbbb00000002");
    ADD_FAILURE() << "the upgrade did not fail";
  } catch (const migration_failed& e) {
    EXPECT_EQ(e.sqlstate(), "55P03");
    EXPECT_EQ(e.revision(), "bbbb00000002");
    EXPECT_THAT(e.what(), HasSubstr("lock timeout"));
  }
  other_.session().rollback();
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000001"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES"));
}

TEST_F(locked_table, with_retries_the_step_runs_again_once_the_lock_is_released) {
  auto m = make("slow", {.pg_lock_timeout = 200ms, .retries = 5});
  EXPECT_THAT(m.upgrade("bbbb00000002"), ElementsAre("bbbb00000002"));
  EXPECT_THAT(lines_, Contains(HasSubstr("Retrying upgrade of bbbb00000002 in 0.25 s (retry 1 "
                                         "of 5)")));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000002"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES", "name text YES"));
}

TEST_F(locked_table, the_cli_reports_the_lock_timeout_and_leaves_the_version_table) {
  auto run = testing::run_cli(cli_args("slow") + " --pg-lock-timeout 0.2 upgrade head");
  other_.session().rollback();
  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(run.output, HasSubstr("SQLSTATE: 55P03"));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000001"));
}

// What a killed run leaves behind: a retort backend still in its statement, holding a lock on
// the table the next run needs. The next run says so before it starts, and again when it gives
// up on the lock.
TEST_F(gadgets, a_lock_held_by_another_retort_backend_is_named_before_and_after_the_wait) {
  make("slow").upgrade("bbbb00000001");
  auto orphan = pg::session::connect(url_);  // application_name retort, as a run's session
  orphan->begin();
  orphan->exec("LOCK TABLE gadgets IN ACCESS EXCLUSIVE MODE");
  const auto pid = "backend pid " + std::to_string(orphan->backend_pid());

  auto run = testing::run_cli(cli_args("slow") + " --pg-lock-timeout 0.2 upgrade head");
  orphan->rollback();
  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(run.output, HasSubstr("warning: another retort session is still at work in this "
                                    "database and holds table locks this run may wait for: " +
                                    pid + " (idle in transaction since"));
  const auto error = run.output.substr(run.output.find("error: "));
  EXPECT_THAT(error, HasSubstr("SQLSTATE 55P03"));
  EXPECT_THAT(error, HasSubstr(pid));
  EXPECT_THAT(error, HasSubstr("pg_terminate_backend"));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000001"));

  // Once it is gone, nothing is said.
  auto again = testing::run_cli(cli_args("slow") + " upgrade bbbb00000002");
  EXPECT_EQ(again.status, exit_code::ok) << again.output;
  EXPECT_THAT(again.output, Not(HasSubstr("another retort session")));
}

TEST_F(gadgets, in_a_single_transaction_a_retried_step_keeps_the_steps_before_it) {
  make("slow").stamp({"base"}, false);  // creates the version table
  // Another writer of the version table, in the middle of its transaction: the second step's
  // UPDATE to bbbb00000002 waits for it (a unique key it may be about to commit).
  testing::database other(url_);
  other.session().begin();
  other.session().exec("INSERT INTO alembic_version VALUES ('bbbb00000002')");
  on_retry_ = [&] { other.session().rollback(); };
  auto m = make("slow", {.pg_lock_timeout = 200ms, .retries = 5, .single_transaction = true});
  EXPECT_THAT(m.upgrade("bbbb00000002"), ElementsAre("bbbb00000001", "bbbb00000002"));
  EXPECT_THAT(lines_, Contains(HasSubstr("Retrying upgrade of bbbb00000002")));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000002"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES", "name text YES"));
}

// --- statement_timeout -----------------------------------------------------------------------

TEST_F(gadgets, a_statement_timeout_fails_the_step_cleanly_and_is_not_retried) {
  auto run =
      testing::run_cli(cli_args("slow") + " --statement-timeout 0.5 --retries 3 upgrade head");
  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(run.output, HasSubstr("SQLSTATE: 57014"));
  EXPECT_THAT(run.output, HasSubstr("bbbb00000004"));
  EXPECT_THAT(run.output, Not(HasSubstr("Retrying")));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000002"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES", "name text YES"));
}

// --- a terminated backend --------------------------------------------------------------------

TEST_F(gadgets, a_terminated_backend_fails_the_run_and_the_next_run_applies_the_step) {
  testing::cli_process run(cli_args("slow") + " upgrade head");
  // Wait (at most 60 s) for the slow statement, then end its backend as an administrator would.
  std::string pid;
  for (int i = 0; i < 600 && pid.empty(); ++i) {
    auto found = db_.column(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
        "pid <> pg_backend_pid() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'");
    if (found.empty()) {
      std::this_thread::sleep_for(100ms);
    } else {
      pid = found.at(0);
    }
  }
  ASSERT_FALSE(pid.empty()) << "the slow migration never started";
  // Meanwhile the migration lock is held by another connection of the run, idle outside any
  // transaction.
  EXPECT_THAT(db_.column("SELECT a.state || ' ' || (a.pid = " + pid +
                         ")::text FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                         "WHERE l.locktype = 'advisory' AND l.granted AND a.datname = "
                         "current_database()"),
              ElementsAre("idle false"));
  EXPECT_EQ(db_.scalar("SELECT pg_terminate_backend(" + pid + ")"), "t");
  EXPECT_EQ(run.finish(), exit_code::failure) << run.output();
  EXPECT_THAT(run.output(), HasSubstr("error: upgrade of revision bbbb00000004"));
  EXPECT_THAT(run.output(), HasSubstr("connection lost: the server ended this session"));
  EXPECT_THAT(run.output(), Not(HasSubstr("client encoding")));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000002"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES", "name text YES"));

  auto again =
      testing::run_cli(cli_args("slow") + " upgrade head", "PGOPTIONS='-c retort_test.sleep=0'");
  EXPECT_EQ(again.status, exit_code::ok) << again.output;
  EXPECT_THAT(again.output, HasSubstr("Running upgrade bbbb00000002 -> bbbb00000004"));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000004"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES", "name text YES", "slow_marker integer YES"));
}

// --- single transaction ----------------------------------------------------------------------

TEST_F(gadgets, single_transaction_a_failure_in_the_third_step_leaves_the_starting_revision) {
  auto m = make("third_fails", {.single_transaction = true});
  auto error = testing::error_of<migration_failed>([&] { m.upgrade("head"); });
  EXPECT_THAT(error, HasSubstr("bbbb00000003"));
  EXPECT_THAT(m.applied_in_last_run(), IsEmpty());
  EXPECT_THAT(lines_, Contains(HasSubstr("Rolled back every step of this run")));
  EXPECT_THAT(db_.versions(), IsEmpty());
  EXPECT_EQ(db_.scalar("SELECT to_regclass('gadgets') IS NULL"), "t");
}

TEST_F(gadgets, single_transaction_from_a_later_revision_keeps_that_revision) {
  make("third_fails").upgrade("bbbb00000001");
  auto run = testing::run_cli(cli_args("third_fails") + " --single-transaction upgrade head");
  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000001"));
  EXPECT_THAT(columns(), ElementsAre("id integer YES"));
}

TEST_F(gadgets, single_transaction_commits_every_step_together) {
  auto m = make("third_fails", {.single_transaction = true});
  EXPECT_THAT(m.upgrade("bbbb00000002"), ElementsAre("bbbb00000001", "bbbb00000002"));
  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000002"));
  EXPECT_THAT(m.downgrade("base"), ElementsAre("bbbb00000002", "bbbb00000001"));
  EXPECT_THAT(db_.versions(), IsEmpty());
}

TEST_F(gadgets, single_transaction_records_each_step_in_the_history_as_it_ran) {
  auto m = make("third_fails", {.single_transaction = true});
  ASSERT_THAT(m.upgrade("bbbb00000002"), ElementsAre("bbbb00000001", "bbbb00000002"));
  // Written together before the commit, each row still says when its step started and took.
  EXPECT_EQ(db_.scalar("SELECT string_agg(revision || ' ' || direction || ' ' || outcome, ', ' "
                       "ORDER BY id) FROM alembic_version_history"),
            "bbbb00000001 upgrade applied, bbbb00000002 upgrade applied");
  EXPECT_EQ(db_.scalar("SELECT bool_and(started_at <= now() + interval '1 second' AND "
                       "started_at >= now() - interval '1 minute' AND duration_ms >= 0 AND "
                       "source_checksum IS NOT NULL AND plugin_sha256 IS NOT NULL) FROM "
                       "alembic_version_history"),
            "t");
  EXPECT_EQ(db_.scalar("SELECT (SELECT started_at FROM alembic_version_history WHERE revision = "
                       "'bbbb00000001') <= (SELECT started_at FROM alembic_version_history "
                       "WHERE revision = 'bbbb00000002')"),
            "t");

  // A failed run leaves its failure on the record and none of its steps.
  auto failing = make("third_fails", {.single_transaction = true});
  (void)testing::error_of<migration_failed>([&] { failing.upgrade("head"); });
  EXPECT_EQ(db_.scalar("SELECT string_agg(revision || ' ' || outcome, ', ' ORDER BY id) FROM "
                       "alembic_version_history WHERE id > 2"),
            "bbbb00000003 failed");
}

TEST_F(gadgets, single_transaction_refuses_a_non_transactional_step_before_anything_runs) {
  auto run = testing::run_cli(cli_args("non_transactional") + " --single-transaction upgrade head");
  EXPECT_EQ(run.status, exit_code::usage) << run.output;
  EXPECT_THAT(run.output, HasSubstr("--single-transaction cannot run revision bbbb00000005"));
  EXPECT_THAT(run.output, HasSubstr("gadgets_index_concurrently.cpp"));
  EXPECT_THAT(run.output, HasSubstr("run without --single-transaction"));
  EXPECT_EQ(db_.scalar("SELECT to_regclass('gadgets') IS NULL"), "t");
  EXPECT_EQ(db_.scalar("SELECT to_regclass('alembic_version') IS NULL"), "t");
  // Without the flag it runs.
  EXPECT_EQ(testing::run_cli(cli_args("non_transactional") + " upgrade head").status,
            exit_code::ok);
  EXPECT_THAT(db_.indexes("gadgets"), ElementsAre("ix_gadgets_name"));
}

}  // namespace
}  // namespace retort
