// What a command that changes the database does before planning: take the migration lock,
// then set the migrating session's timeouts; and what --single-transaction refuses.
#include <retort/errors.hpp>

#include <fmt/format.h>

#include "migrator/migrator.hpp"
#include "pg/session.hpp"
#include "store/advisory_lock.hpp"
#include "store/busy_sessions.hpp"

namespace retort {

std::unique_ptr<store::advisory_lock> migrator::lock_for_run() {
  auto& session = connect();
  // Its own connection, so the lock outlives each migration's COMMIT and never waits on (or
  // holds back) the migrating connection.
  auto lock = store::advisory_lock::acquire(
      options_.url, options_.version_table,
      {.timeout = options_.concurrency.lock_timeout, .out = options_.out});
  lock->refuse_shared_server_connection(session);
  // Only now: waiting for the migration lock is bounded by its own timeout, not these.
  session.exec(
      sql_statement{"SELECT pg_catalog.set_config('lock_timeout', $1, false), "
                    "pg_catalog.set_config('statement_timeout', $2, false)",
                    {std::to_string(options_.concurrency.pg_lock_timeout.count()),
                     std::to_string(options_.concurrency.statement_timeout.count())}});
  // If this process dies mid-statement, the server would otherwise run the statement to its
  // end, holding its locks, before it noticed; PostgreSQL 14 checks the socket while it runs.
  // Servers that cannot watch a socket (Windows; macOS and the BSDs before 15) refuse the
  // setting: the run goes on without it.
  try {
    session.exec(
        "SELECT pg_catalog.set_config('client_connection_check_interval', '1000', false) "
        "WHERE pg_catalog.current_setting('server_version_num')::int >= 140000");
  } catch (const database_error&) {
  }
  // A killed run's backend that still holds locks is why this run may wait: say so up front.
  // Only a diagnosis: if it cannot be made, the run goes on.
  try {
    const auto busy =
        store::busy_retort_sessions(session, {session.backend_pid(), lock->backend_pid()});
    if (!busy.empty()) {
      options_.out("warning: " + store::describe_busy_sessions(busy));
    }
  } catch (const database_error&) {
  }
  return lock;
}

void migrator::refuse_non_transactional(const std::vector<plan::migration_step>& steps) const {
  if (!options_.concurrency.single_transaction) {
    return;
  }
  for (const auto& step : steps) {
    for (const auto& m : migrations_) {
      if (m.info().revision == step.revision && !m.transactional()) {
        throw config_error(fmt::format(
            "--single-transaction cannot run revision {} ({}): it is declared "
            "`.transactional = false` because its statements cannot run inside a transaction; "
            "run without --single-transaction, or run in one transaction up to the revision "
            "before it and the rest without",
            step.revision, m.source_file()));
      }
    }
  }
}

}  // namespace retort
