// A runner killed half-way. In a transactional migration nothing of it remains and the next run
// applies it; in a non-transactional one its in-progress marker stops every later run until an
// operator resolves it. The migrations wait on advisory lock 4242, which the test holds, so each
// kill lands at a known statement.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "integrity/runner.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace exit_code = cli::exit_code;

class killed_runner : public testing::integrity_fixture {
 protected:
  killed_runner() : locker_(url_) {}

  // Upgrades `name` to its base, then starts `upgrade head` and kills it with SIGKILL while its
  // second migration waits for lock 4242. Releases the lock once the runner is dead, then waits
  // for its backends to end.
  void kill_during_second_step(const std::string& name) {
    ASSERT_EQ(testing::run(args(name, {"upgrade", "dddd00000001"})).status, exit_code::ok);
    locker_.session().exec("SELECT pg_advisory_lock(4242)");
    testing::runner r(args(name, {"upgrade", "head"}));
    ASSERT_TRUE(testing::eventually(db_, testing::waiting_on_4242)) << r.output();
    r.kill_hard();
    locker_.session().exec("SELECT pg_advisory_unlock(4242)");
    ASSERT_TRUE(testing::eventually(db_, testing::others_gone));
  }

  testing::database locker_;
};

TEST_F(killed_runner, in_a_transactional_step_nothing_remains_and_the_next_run_applies_it) {
  kill_during_second_step("blocking");

  // The column added before the wait was rolled back with the transaction.
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000001"));
  EXPECT_THAT(db_.columns("things"), ElementsAre("id integer YES", "name text YES"));

  auto again = testing::run(args("blocking", {"upgrade", "head"}));
  EXPECT_EQ(again.status, exit_code::ok) << again.output;
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000003"));
  EXPECT_THAT(db_.columns("things"),
              ElementsAre("id integer YES", "name text YES", "colour text YES"));
  EXPECT_THAT(history("revision || ' ' || outcome"),
              ElementsAre("dddd00000001 applied", "dddd00000003 applied"));
}

// Mid-statement, a killed runner's backend would go on waiting, holding its locks, until the
// statement ended; the server checks the client's socket while it runs and ends it instead.
TEST_F(killed_runner, the_server_ends_a_killed_runners_backend_while_its_statement_waits) {
  ASSERT_EQ(testing::run(args("blocking", {"upgrade", "dddd00000001"})).status, exit_code::ok);
  locker_.session().exec("SELECT pg_advisory_lock(4242)");
  testing::runner r(args("blocking", {"upgrade", "head"}));
  ASSERT_TRUE(testing::eventually(db_, testing::waiting_on_4242)) << r.output();
  r.kill_hard();
  // Lock 4242 is still held, so only the server's check can end the waiting backend.
  EXPECT_TRUE(testing::eventually(db_, testing::others_gone));
  locker_.session().exec("SELECT pg_advisory_unlock(4242)");
  EXPECT_THAT(db_.columns("things"), ElementsAre("id integer YES", "name text YES"));
}

class interrupted_index : public killed_runner {
 protected:
  interrupted_index() { kill_during_second_step("index_blocking"); }
};

TEST_F(interrupted_index, the_next_run_refuses_naming_the_revision_and_what_to_do) {
  // The concurrent index was committed by its own statement; the version table did not move.
  EXPECT_THAT(db_.indexes("things"), ElementsAre("ix_things_name"));
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000001"));

  auto r = testing::run(args("index_blocking", {"upgrade", "head"}));
  EXPECT_EQ(r.status, exit_code::integrity) << r.output;
  EXPECT_THAT(r.output, HasSubstr("revision dddd00000004"));
  EXPECT_THAT(r.output, HasSubstr("things_index_blocking.cpp"));
  EXPECT_THAT(r.output, HasSubstr("INVALID index left by CREATE INDEX CONCURRENTLY"));
  EXPECT_THAT(r.output, HasSubstr("retort resolve dddd00000004 --applied"));
  EXPECT_THAT(r.output, HasSubstr("--reverted"));
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000001"));

  // A downgrade is refused just the same.
  EXPECT_EQ(testing::run(args("index_blocking", {"downgrade", "base"})).status,
            exit_code::integrity);
}

TEST_F(interrupted_index, current_reports_the_marker_without_failing) {
  auto r = testing::run(args("index_blocking", {"current"}));
  EXPECT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_THAT(r.output, HasSubstr("dddd00000001"));
  EXPECT_THAT(r.output, HasSubstr("In progress: dddd00000004 (upgrade started at"));
}

TEST_F(interrupted_index, resolve_applied_moves_the_version_table_and_clears_the_marker) {
  auto r = testing::run(args("index_blocking", {"resolve", "dddd00000004", "--applied"}));
  EXPECT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000004"));
  EXPECT_THAT(db_.column("SELECT revision FROM alembic_version_in_progress"), IsEmpty());
  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome").back(),
              "dddd00000004 resolve applied");

  auto next = testing::run(args("index_blocking", {"upgrade", "head"}));
  EXPECT_EQ(next.status, exit_code::ok) << next.output;
  EXPECT_THAT(next.output, HasSubstr("Nothing to upgrade"));
}

TEST_F(interrupted_index, resolve_reverted_keeps_the_version_table_and_the_next_run_applies_it) {
  // The operator removes what the interrupted step left, then says it is not applied.
  db_.session().exec("DROP INDEX CONCURRENTLY ix_things_name");
  auto r = testing::run(args("index_blocking", {"resolve", "dddd00000004", "--reverted"}));
  EXPECT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000001"));
  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome").back(),
              "dddd00000004 resolve reverted");

  auto next = testing::run(args("index_blocking", {"upgrade", "head"}));
  EXPECT_EQ(next.status, exit_code::ok) << next.output;
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000004"));
  EXPECT_THAT(db_.indexes("things"), ElementsAre("ix_things_name"));
  EXPECT_THAT(db_.column("SELECT revision FROM alembic_version_in_progress"), IsEmpty());
}

TEST_F(interrupted_index, resolve_needs_a_marker_and_exactly_one_of_its_flags) {
  auto neither = testing::run(args("index_blocking", {"resolve", "dddd00000004"}));
  EXPECT_EQ(neither.status, exit_code::usage) << neither.output;
  EXPECT_THAT(neither.output, HasSubstr("--applied (the revision's changes are in place)"));

  auto other = testing::run(args("index_blocking", {"resolve", "dddd00000001", "--applied"}));
  EXPECT_EQ(other.status, exit_code::usage) << other.output;
  EXPECT_THAT(other.output, HasSubstr("in progress: dddd00000004"));
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000001"));
}

// A CREATE INDEX CONCURRENTLY that fails keeps its index, INVALID: the failure says so and
// names it, beside the marker.
TEST_F(killed_runner, a_failed_concurrent_index_names_the_invalid_index_it_left) {
  ASSERT_EQ(testing::run(args("unique_index", {"upgrade", "dddd00000001"})).status, exit_code::ok);
  auto r = testing::run(args("unique_index", {"upgrade", "head"}));
  EXPECT_EQ(r.status, exit_code::failure) << r.output;
  EXPECT_THAT(r.output, HasSubstr("SQLSTATE 23505"));
  EXPECT_THAT(r.output, HasSubstr("the failing CREATE INDEX CONCURRENTLY itself left "
                                  "public.ux_things_name behind, marked INVALID"));
  EXPECT_THAT(r.output, HasSubstr("`DROP INDEX CONCURRENTLY public.ux_things_name`"));
  EXPECT_THAT(r.output, HasSubstr("retort resolve dddd00000005"));
  EXPECT_EQ(db_.scalar("SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
                       "'ux_things_name'::regclass"),
            "false");
}

TEST_F(killed_runner, a_terminated_backend_in_a_non_transactional_step_leaves_the_marker) {
  ASSERT_EQ(testing::run(args("index_blocking", {"upgrade", "dddd00000001"})).status,
            exit_code::ok);
  locker_.session().exec("SELECT pg_advisory_lock(4242)");
  testing::runner r(args("index_blocking", {"upgrade", "head"}));
  ASSERT_TRUE(testing::eventually(db_, testing::waiting_on_4242)) << r.output();
  // Only this database's waiter: tests running beside this one wait on lock 4242 too.
  EXPECT_EQ(db_.scalar("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = "
                       "'advisory' AND objid = 4242 AND NOT granted AND database = (SELECT oid "
                       "FROM pg_database WHERE datname = current_database())"),
            "t");
  EXPECT_EQ(r.finish(), exit_code::failure) << r.output();
  EXPECT_THAT(r.output(), HasSubstr("in-progress marker stays"));
  locker_.session().exec("SELECT pg_advisory_unlock(4242)");

  auto next = testing::run(args("index_blocking", {"upgrade", "head"}));
  EXPECT_EQ(next.status, exit_code::integrity) << next.output;
  EXPECT_THAT(next.output, HasSubstr("revision dddd00000004"));
}

}  // namespace
}  // namespace retort
