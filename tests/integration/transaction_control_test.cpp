// A transactional migration may not end the transaction retort runs it in: refused before
// anything runs when its SQL says so, and caught by the server's word when it slips through.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "executor/executor.hpp"
#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "store/history_table.hpp"
#include "store/version_table.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

class own_transaction : public ::testing::Test {
 protected:
  own_transaction() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make() {
    return migrator(
        {.url = url_, .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/commits_itself"});
  }

  std::string url_;
  testing::database db_;
};

TEST_F(own_transaction, a_commit_in_the_sql_is_refused_before_anything_runs) {
  auto m = make();
  m.upgrade("aaaa00000001");
  try {
    m.upgrade("head");
    FAIL() << "upgrade head did not fail";
  } catch (const migration_failed& e) {
    EXPECT_EQ(e.revision(), "aaaa00000006");
    EXPECT_THAT(e.what(), HasSubstr("was refused before it ran"));
    EXPECT_THAT(e.what(), HasSubstr("`COMMIT`"));
    EXPECT_THAT(e.what(), HasSubstr(".transactional = false"));
  }
  // Not even the statements before the COMMIT ran.
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "widgets"));
  EXPECT_THAT(db_.versions(), ElementsAre("aaaa00000001"));
}

TEST_F(own_transaction, an_offline_script_is_refused_too) {
  auto m = make();
  try {
    (void)m.upgrade_sql("head");
    FAIL() << "upgrade --sql did not fail";
  } catch (const migration_failed& e) {
    EXPECT_EQ(e.revision(), "aaaa00000006");
    EXPECT_THAT(e.what(), HasSubstr("`COMMIT`"));
  }
}

// The second line of defence, for SQL the prepare-time reading did not judge: after each of
// the author's statements the executor asks the server whether the step's transaction is the
// one it began.
class ended_by_the_server : public own_transaction {
 protected:
  ended_by_the_server()
      : session_(pg::session::connect(url_)), versions_(*session_, {}), history_(*session_, {}) {
    versions_.ensure_exists();
    history_.ensure_exists();
  }

  executor::prepared_step step(std::vector<sql_statement> statements) {
    executor::prepared_step out;
    out.step = {"bbbb00000001", plan::direction::upgrade, {}, {"bbbb00000001"}};
    out.source_file = "bbbb00000001_gadgets.cpp";
    out.statements = std::move(statements);
    return out;
  }

  migration_failed run(const executor::prepared_step& prepared, executor::run_mode mode = {}) {
    executor::executor runner(*session_, versions_, mode, &history_);
    try {
      runner.run({prepared});
    } catch (const migration_failed& e) {
      ended_ = dynamic_cast<const executor::transaction_ended*>(&e) != nullptr;
      return e;
    }
    throw std::logic_error("the step did not fail");
  }

  bool ended_ = false;  // the last failure was a transaction_ended
  std::unique_ptr<pg::session> session_;
  store::version_table versions_;
  store::history_table history_;
};

TEST_F(ended_by_the_server, says_what_was_committed_and_leaves_a_marker) {
  auto error = run(step({{"CREATE TABLE gadgets (id integer)"},
                         {.sql = "COMMIT", .authored = true},
                         {"CREATE TABLE gizmos (id integer)"}}));

  EXPECT_EQ(error.revision(), "bbbb00000001");
  EXPECT_THAT(error.what(), HasSubstr("ended the transaction retort ran it in"));
  EXPECT_THAT(error.what(), HasSubstr("statement 2 of 3, `COMMIT`"));
  EXPECT_THAT(error.what(), HasSubstr("retort resolve bbbb00000001 --applied"));
  EXPECT_THAT(error.what(), Not(HasSubstr("rolled back")));
  // What ran before the COMMIT stays; nothing after it ran; the version table did not move.
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "gadgets"));
  EXPECT_THAT(db_.versions(), IsEmpty());
  auto markers = history_.markers();
  ASSERT_THAT(markers, SizeIs(1));
  EXPECT_EQ(markers[0].revision, "bbbb00000001");
  EXPECT_THAT(markers[0].heads_added, ElementsAre("bbbb00000001"));
  EXPECT_THAT(db_.column("SELECT outcome FROM alembic_version_history"), ElementsAre("failed"));
  // The session is usable and in no transaction.
  EXPECT_FALSE(session_->in_transaction());
  EXPECT_EQ(session_->exec("SELECT 1").rows.size(), 1u);
}

TEST_F(ended_by_the_server, a_commit_followed_by_begin_is_caught_too) {
  auto error = run(step({{"CREATE TABLE gadgets (id integer)"},
                         {.sql = "COMMIT; BEGIN", .authored = true},
                         {"CREATE TABLE gizmos (id integer)"}}));

  EXPECT_THAT(error.what(), HasSubstr("ended the transaction retort ran it in"));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "gadgets"));
  EXPECT_THAT(db_.versions(), IsEmpty());
}

// SQL the prepare-time reading let through (PostgreSQL 16 syntax, say) that commits and then
// fails: the failure must not be reported as rolled back.
TEST_F(ended_by_the_server, a_commit_and_then_a_failure_is_not_reported_as_rolled_back) {
  auto error = run(step({{"CREATE TABLE gadgets (id integer)"},
                         {.sql = "COMMIT; INSERT INTO no_such_table VALUES (1)", .authored = true},
                         {"CREATE TABLE gizmos (id integer)"}}));

  EXPECT_TRUE(ended_);
  EXPECT_THAT(error.what(), HasSubstr("ended the transaction retort ran it in"));
  EXPECT_THAT(error.what(), HasSubstr("and the rest of it then failed"));
  EXPECT_THAT(error.what(), HasSubstr("no_such_table"));
  EXPECT_THAT(error.what(), Not(HasSubstr("rolled back")));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "gadgets"));
  EXPECT_THAT(history_.markers(), SizeIs(1));
}

// A statement that fails inside the transaction is an ordinary failure, rolled back.
TEST_F(ended_by_the_server, a_failure_inside_the_transaction_is_rolled_back_as_before) {
  auto error = run(step({{"CREATE TABLE gadgets (id integer)"},
                         {.sql = "INSERT INTO no_such_table VALUES (1)", .authored = true}}));

  EXPECT_FALSE(ended_);
  EXPECT_THAT(error.what(), HasSubstr("failed and was rolled back"));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress"));
  EXPECT_THAT(history_.markers(), IsEmpty());
}

TEST_F(ended_by_the_server, in_a_single_transaction_run_the_message_names_the_earlier_steps) {
  auto error = run(step({{.sql = "ROLLBACK", .authored = true}}), {.single_transaction = true});

  EXPECT_THAT(error.what(), HasSubstr("and every step of this run before it with its "
                                      "version-table change"));
  EXPECT_THAT(history_.markers(), SizeIs(1));
}

TEST_F(ended_by_the_server, sql_that_keeps_the_transaction_open_runs_as_before) {
  executor::executor runner(*session_, versions_, {}, &history_);
  runner.run({step({{.sql = "CREATE TABLE gadgets (id integer); SAVEPOINT s; "
                            "INSERT INTO gadgets VALUES (1); ROLLBACK TO SAVEPOINT s",
                     .authored = true}})});

  EXPECT_THAT(db_.versions(), ElementsAre("bbbb00000001"));
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM gadgets"), "0");
  EXPECT_THAT(history_.markers(), IsEmpty());
}

}  // namespace
}  // namespace retort
