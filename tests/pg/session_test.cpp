// retort::pg::session against a real PostgreSQL: each test has its own fresh database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "pg/session.hpp"
#include "retort/errors.hpp"
#include "sql_statement.hpp"
#include "support/postgres_server.hpp"

namespace retort::pg {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using params = std::vector<std::optional<std::string>>;

class session_test : public ::testing::Test {
 protected:
  session_test()
      : url_(testing::fresh_database_url()), db_(session::connect(url_, "retort-test")) {}

  std::string scalar(const std::string& sql) { return db_->exec(sql).rows.at(0).at(0).value(); }
  std::string count(const std::string& table) { return scalar("SELECT count(*) FROM " + table); }

  // Runs `sql` and returns the database_error it must throw.
  database_error error_from(const sql_statement& statement) {
    try {
      db_->exec(statement);
    } catch (const database_error& e) {
      return e;
    }
    ADD_FAILURE() << "no database_error from: " << statement.sql;
    return database_error("", "", "");
  }

  std::string url_;
  std::unique_ptr<session> db_;
};

TEST_F(session_test, parameters_round_trip_nulls_hostile_strings_and_unicode) {
  const params values{
      std::nullopt,
      "",
      "'; DROP TABLE t; --",
      "back\\slash \"quoted\" $1 $$dollar$$ %s {}",
      "line\nbreak\ttab\r",
      "Grüße, 日本語, שלום, 🍷",
      std::string(100000, 'x'),
  };
  db_->exec("CREATE TABLE t (id int PRIMARY KEY, v text)");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto r = db_->exec(
        sql_statement{"INSERT INTO t (id, v) VALUES ($1, $2)", {std::to_string(i), values[i]}});
    EXPECT_EQ(r.affected_rows, 1u);
  }
  const auto r = db_->exec("SELECT id, v FROM t ORDER BY id");
  EXPECT_THAT(r.columns, ElementsAre("id", "v"));
  ASSERT_EQ(r.rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(r.rows[i].at(0), std::to_string(i));
    EXPECT_EQ(r.rows[i].at(1), values[i]) << "row " << i;
  }
  EXPECT_EQ(count("t WHERE v IS NULL"), "1");
  EXPECT_EQ(count("t WHERE v = ''"), "1");
}

TEST_F(session_test, parameters_are_typed_by_the_server) {
  const auto r = db_->exec(sql_statement{
      "SELECT $1::int + 1 AS n, $2::boolean AS b, $3::int IS NULL AS missing, $4::jsonb->>'k' AS k",
      {"41", "true", std::nullopt, R"({"k": "v'\""})"}});
  EXPECT_THAT(r.columns, ElementsAre("n", "b", "missing", "k"));
  EXPECT_THAT(r.rows, ElementsAre(ElementsAre("42", "t", "t", "v'\"")));
}

TEST_F(session_test, a_nul_byte_in_a_parameter_is_refused_not_truncated) {
  db_->exec("CREATE TABLE t (v text)");
  const auto e = error_from({"INSERT INTO t VALUES ($1)", {std::string("ab\0cd", 5)}});
  EXPECT_EQ(e.sqlstate(), "22021");
  EXPECT_EQ(count("t"), "0");
}

TEST_F(session_test, affected_rows_counts_changed_rows) {
  EXPECT_EQ(db_->exec("CREATE TABLE t (x int)").affected_rows, 0u);
  EXPECT_EQ(db_->exec("INSERT INTO t SELECT generate_series(1, 5)").affected_rows, 5u);
  EXPECT_EQ(db_->exec(sql_statement{"UPDATE t SET x = x * 10 WHERE x > $1", {"2"}}).affected_rows,
            3u);
  EXPECT_EQ(db_->exec("DELETE FROM t").affected_rows, 5u);
}

TEST_F(session_test, a_failing_statement_throws_database_error_with_sqlstate_and_statement) {
  const std::string sql = "SELECT * FROM no_such_table";
  const auto e = error_from({sql});
  EXPECT_EQ(e.sqlstate(), "42P01");
  EXPECT_EQ(e.statement(), sql);
  EXPECT_STREQ(e.what(), "relation \"no_such_table\" does not exist (SQLSTATE 42P01)");
}

TEST_F(session_test, a_failing_statement_with_parameters_keeps_detail_lines) {
  db_->exec("CREATE TABLE t (id int PRIMARY KEY)");
  const sql_statement insert{"INSERT INTO t VALUES ($1)", {"7"}};
  db_->exec(insert);
  const auto e = error_from(insert);
  EXPECT_EQ(e.sqlstate(), "23505");
  EXPECT_EQ(e.statement(), insert.sql);
  EXPECT_THAT(e.what(), StartsWith("duplicate key value violates unique constraint \"t_pkey\" "
                                   "(SQLSTATE 23505)\n"));
  EXPECT_THAT(e.what(), HasSubstr("Key (id)=(7) already exists."));
  EXPECT_THAT(e.what(), Not(HasSubstr("ERROR:")));
}

TEST_F(session_test, the_session_stays_usable_after_an_error) {
  error_from({"SELECT 1/0"});
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_EQ(scalar("SELECT 2"), "2");
}

TEST_F(session_test, rollback_discards_the_transaction) {
  db_->exec("CREATE TABLE t (x int)");
  EXPECT_FALSE(db_->in_transaction());
  db_->begin();
  EXPECT_TRUE(db_->in_transaction());
  db_->exec("INSERT INTO t VALUES (1)");
  db_->exec("CREATE TABLE u (y int)");
  EXPECT_EQ(count("t"), "1");
  db_->rollback();
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_EQ(count("t"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'u'"), "0");
}

TEST_F(session_test, commit_keeps_the_transaction) {
  db_->exec("CREATE TABLE t (x int)");
  db_->begin();
  db_->exec(sql_statement{"INSERT INTO t VALUES ($1)", {"1"}});
  db_->commit();
  EXPECT_FALSE(db_->in_transaction());
  // Seen from another connection, so not just this session's view.
  auto other = session::connect(url_);
  EXPECT_EQ(other->exec("SELECT count(*) FROM t").rows.at(0).at(0), "1");
}

TEST_F(session_test, uncommitted_work_is_invisible_to_other_sessions) {
  db_->exec("CREATE TABLE t (x int)");
  db_->begin();
  db_->exec("INSERT INTO t VALUES (1)");
  auto other = session::connect(url_);
  EXPECT_EQ(other->exec("SELECT count(*) FROM t").rows.at(0).at(0), "0");
  db_->rollback();
}

TEST_F(session_test, commit_after_a_failed_statement_throws_and_keeps_nothing) {
  db_->exec("CREATE TABLE t (x int)");
  db_->begin();
  db_->exec("INSERT INTO t VALUES (1)");
  error_from({"SELECT * FROM no_such_table"});
  EXPECT_TRUE(db_->in_transaction());
  EXPECT_EQ(error_from({"SELECT 1"}).sqlstate(), "25P02");
  try {
    db_->commit();
    ADD_FAILURE() << "commit of a failed transaction did not throw";
  } catch (const database_error& e) {
    EXPECT_EQ(e.sqlstate(), "25P02");
  }
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_EQ(count("t"), "0");
}

TEST_F(session_test, transaction_control_misuse_is_reported) {
  db_->begin();
  try {
    db_->begin();
    ADD_FAILURE() << "nested begin did not throw";
  } catch (const database_error& e) {
    EXPECT_EQ(e.sqlstate(), "25001");
  }
  db_->rollback();
  db_->rollback();  // nothing open: a no-op
  try {
    db_->commit();
    ADD_FAILURE() << "commit without begin did not throw";
  } catch (const database_error& e) {
    EXPECT_EQ(e.sqlstate(), "25P01");
  }
}

TEST_F(session_test, create_index_concurrently_runs_outside_a_transaction) {
  db_->exec("CREATE TABLE t (x int)");
  db_->exec("INSERT INTO t SELECT generate_series(1, 100)");
  db_->exec(sql_statement{"CREATE INDEX CONCURRENTLY t_x ON t (x)", {}, false});
  EXPECT_EQ(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_x'::regclass"), "t");
  db_->exec("DROP INDEX CONCURRENTLY t_x");
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 't_x'"), "0");
}

TEST_F(session_test, create_index_concurrently_inside_a_transaction_is_refused) {
  db_->exec("CREATE TABLE t (x int)");
  db_->begin();
  const auto e = error_from({"CREATE INDEX CONCURRENTLY t_x ON t (x)"});
  EXPECT_EQ(e.sqlstate(), "25001");
  db_->rollback();
}

TEST_F(session_test, plain_text_may_hold_several_statements) {
  const auto r = db_->exec(
      "CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2); "
      "INSERT INTO t VALUES (3); SELECT count(*) AS n FROM t");
  // libpq returns the result of the last statement.
  EXPECT_THAT(r.columns, ElementsAre("n"));
  EXPECT_THAT(r.rows, ElementsAre(ElementsAre("3")));
}

TEST_F(session_test, a_failure_in_several_statements_names_the_whole_text) {
  const std::string sql = "CREATE TABLE t (x int); SELECT nope FROM t";
  const auto e = error_from({sql});
  EXPECT_EQ(e.sqlstate(), "42703");
  EXPECT_EQ(e.statement(), sql);
  // Outside a transaction block, the statements before the failure ran as one implicit
  // transaction, which the failure rolled back.
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE tablename = 't'"), "0");
}

TEST_F(session_test, parameters_refuse_several_statements) {
  EXPECT_EQ(error_from({"SELECT $1; SELECT 2", {"1"}}).sqlstate(), "42601");
}

TEST_F(session_test, application_name_and_backend_pid_are_the_servers) {
  EXPECT_EQ(scalar("SELECT current_setting('application_name')"), "retort-test");
  EXPECT_EQ(scalar("SELECT pg_backend_pid()"), std::to_string(db_->backend_pid()));
  auto other = session::connect(url_);
  EXPECT_EQ(other->exec("SELECT current_setting('application_name')").rows.at(0).at(0), "retort");
  EXPECT_NE(other->backend_pid(), db_->backend_pid());
}

TEST_F(session_test, the_application_name_replaces_one_the_url_gives) {
  auto other = session::connect(url_ + "&application_name=theirs");
  EXPECT_EQ(other->exec("SELECT current_setting('application_name')").rows.at(0).at(0), "retort");
}

TEST_F(session_test, hostile_application_name_is_taken_literally) {
  auto other = session::connect(url_, "x'; SELECT 1; --");
  EXPECT_EQ(other->exec("SELECT current_setting('application_name')").rows.at(0).at(0),
            "x'; SELECT 1; --");
}

TEST_F(session_test, server_notices_are_not_printed) {
  ::testing::internal::CaptureStderr();
  db_->exec("DROP TABLE IF EXISTS no_such_table");
  db_->exec("DO $$ BEGIN RAISE WARNING 'a warning'; END $$");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST_F(session_test, a_lost_connection_is_a_database_error) {
  db_->begin();
  auto killer = session::connect(url_);
  killer->exec(
      sql_statement{"SELECT pg_terminate_backend($1::int)", {std::to_string(db_->backend_pid())}});
  const auto e = error_from({"SELECT 1"});
  EXPECT_EQ(e.statement(), "SELECT 1");
  EXPECT_THAT(e.what(), StartsWith("connection lost: "));
  // In words, without pqxx's own remark about the client encoding.
  EXPECT_THAT(e.what(), HasSubstr("the server ended this session"));
  EXPECT_THAT(e.what(), Not(HasSubstr("encoding")));
  EXPECT_FALSE(db_->in_transaction());
  db_->rollback();  // must not throw
  // No silent reconnection (pqxx 6 would make one): its session state would be gone.
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(error_from({"SELECT 2"}).what(), HasSubstr("lost"));
  }
  EXPECT_THROW(db_->begin(), database_error);
}

TEST_F(session_test, a_connection_terminated_mid_statement_stays_lost) {
  db_->begin();
  const auto pid = std::to_string(db_->backend_pid());
  std::thread killer([&] {
    auto admin = session::connect(url_);
    const sql_statement active{
        "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int AND state = 'active'", {pid}};
    while (admin->exec(active).rows.at(0).at(0) != "1") {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    admin->exec(sql_statement{"SELECT pg_terminate_backend($1::int)", {pid}});
  });
  const auto e = error_from({"SELECT pg_sleep(30)"});
  killer.join();
  EXPECT_EQ(e.statement(), "SELECT pg_sleep(30)");
  EXPECT_FALSE(db_->in_transaction());
  EXPECT_THAT(error_from({"SELECT 2"}).what(), HasSubstr("lost"));
}

TEST_F(session_test, a_session_closed_mid_transaction_rolls_it_back) {
  db_->exec("CREATE TABLE t (x int)");
  {
    auto doomed = session::connect(url_);
    doomed->begin();
    doomed->exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(count("t"), "0");
}

TEST_F(session_test, each_test_gets_a_fresh_empty_database) {
  EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
  const auto other_url = testing::fresh_database_url();
  EXPECT_NE(other_url, url_);
  auto other = session::connect(other_url);
  EXPECT_NE(other->exec("SELECT current_database()").rows.at(0).at(0),
            scalar("SELECT current_database()"));
  EXPECT_EQ(other
                ->exec("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = "
                       "current_database()")
                .rows.at(0)
                .at(0),
            "UTF8");
}

// --- Connection failures ------------------------------------------------------------------------

TEST(connect, failures_are_database_errors_without_the_password) {
  const std::vector<std::string> urls{
      "postgresql://postgres:hunter2-secret@/no_such_db?host=SOCKET",
      "postgres://nobody:hunter2-secret@/postgres?host=SOCKET",
      "postgresql:///no_such_db?host=SOCKET&user=postgres&password=hunter2-secret",
      "postgresql:///no_such_db?password=hunter2-secret&host=SOCKET",
      "host=SOCKET dbname=no_such_db user=postgres password=hunter2-secret",
      "host=SOCKET user=nobody password='hunter2-secret'",
  };
  const std::string socket = testing::socket_dir();
  for (std::string url : urls) {
    SCOPED_TRACE(url);
    url.replace(url.find("SOCKET"), 6, socket);
    try {
      session::connect(url);
      ADD_FAILURE() << "connected";
    } catch (const database_error& e) {
      EXPECT_THAT(e.what(), Not(HasSubstr("hunter2-secret")));
      EXPECT_THAT(e.what(), StartsWith("cannot connect to "));
      EXPECT_THAT(e.what(), HasSubstr("***"));
      EXPECT_THAT(e.what(), Not(HasSubstr("FATAL")));
      EXPECT_EQ(e.statement(), "");
    }
  }
}

// What libpq cannot read is the operator's configuration, refused before any connection.
TEST(connect, a_malformed_url_is_a_configuration_error_without_the_password) {
  const std::vector<std::pair<std::string, std::string>> urls{
      {"postgresql://u:hunter2-secret@/db?host=/tmp&no_such_option=1",
       "invalid URI query parameter: \"no_such_option\""},
      {"host=/tmp password=hunter2-secret bogus", "missing \"=\" after \"bogus\""},
      {"postgresql://u:hunter2-secret@[::1/db", "IPv6 host address"},
      {"postgresql://u:hunter2-secret@[::1]:notaport/db",
       "port \"notaport\" is not a number from 1 to 65535"},
      {"postgresql://u:hunter2-secret@h1:5432,h2:70000/db",
       "port \"70000\" is not a number from 1 to 65535"},
      {"postgresql:///db?sslmode=sometimes&password=hunter2-secret",
       "sslmode \"sometimes\" is not one of disable, allow, prefer, require, verify-ca, "
       "verify-full"},
      {"host=/tmp target_session_attrs=primary-ish password=hunter2-secret",
       "target_session_attrs \"primary-ish\""},
  };
  for (const auto& [url, reason] : urls) {
    SCOPED_TRACE(url);
    try {
      session::connect(url);
      ADD_FAILURE() << "connected";
    } catch (const config_error& e) {
      EXPECT_THAT(e.what(), StartsWith("the database URL "));
      EXPECT_THAT(e.what(), HasSubstr("is malformed: "));
      EXPECT_THAT(e.what(), HasSubstr(reason));
      EXPECT_THAT(e.what(), Not(HasSubstr("hunter2-secret")));
    }
  }
}

TEST(connect, the_values_libpq_knows_are_accepted) {
  const auto url = testing::fresh_database_url() +
                   "&connect_timeout=5&sslmode=disable&target_session_attrs=any&keepalives=1"
                   "&port=%20%2B5432%20";  // the test server's, written as libpq still reads it

  auto db = session::connect(url);

  EXPECT_EQ(db->exec("SELECT 1").rows.at(0).at(0), "1");
}

TEST(connect, failure_names_the_database) {
  const std::string url = "postgresql:///no_such_db?user=postgres&host=" + testing::socket_dir();
  try {
    session::connect(url);
    FAIL() << "connected";
  } catch (const database_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("database \"no_such_db\" does not exist"));
    EXPECT_EQ(e.sqlstate(), "");
  }
}

}  // namespace
}  // namespace retort::pg
