#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "pg/session.hpp"
#include "sql_statement.hpp"
#include "store/version_table.hpp"

namespace retort::store {

/// The query that derives the migration-lock key of a version table, one bigint:
///
///     SELECT ('x' || left(md5(quote_ident(current_database()) || '.' ||
///             quote_ident(coalesce(nullif($1, ''), current_schema(), '')) || '.' ||
///             quote_ident($2)), 16))::bit(64)::bigint
///
/// with $1 the configured schema (empty: `current_schema()`) and $2 the table name. The server
/// computes it, so an operator can compute the same key by hand; separate databases, schemas
/// and version tables get separate keys and never wait for each other.
[[nodiscard]] sql_statement lock_key_query(const version_table_location& location);

/// The lock key of `location` in the database `session` is connected to.
[[nodiscard]] std::int64_t lock_key(pg::session& session, const version_table_location& location);

/// How long to wait for the migration lock, and where to say that we wait.
struct lock_wait {
  /// Zero: give up at once when another session holds the lock.
  std::chrono::milliseconds timeout = std::chrono::seconds(60);
  std::function<void(std::string_view)> out = [](std::string_view) {};
};

/// The migration lock of one version table: a session-level advisory lock held by a connection
/// of its own for the whole run. Being a session lock, it survives each migration's COMMIT;
/// being on another connection, which stays idle outside any transaction, it never holds back
/// `CREATE INDEX CONCURRENTLY` on the migrating connection.
class advisory_lock {
 public:
  /// Connects to `url` and polls `pg_try_advisory_lock` with backoff until it succeeds or
  /// `wait.timeout` passes; then throws `lock_timeout` naming the holder. Throws
  /// `database_error` when the lock is not held by our own server process afterwards, which is
  /// what a transaction-pooling proxy does to session state.
  static std::unique_ptr<advisory_lock> acquire(const std::string& url,
                                                const version_table_location& location,
                                                const lock_wait& wait);
  /// Unlocks and disconnects; never throws.
  ~advisory_lock();
  advisory_lock(const advisory_lock&) = delete;
  advisory_lock& operator=(const advisory_lock&) = delete;

  [[nodiscard]] std::int64_t key() const noexcept { return key_; }
  /// The server process of the lock's own connection.
  [[nodiscard]] int backend_pid() const { return session_->backend_pid(); }

  /// Throws `database_error` when the server process behind `other`, another connection of
  /// this run, holds this lock too. Only a proxy that pools by transaction gives two client
  /// connections one server connection; the lock's own check cannot see that proxy while a
  /// single run uses it, since the pool hands that run the same idle server connection back.
  void refuse_shared_server_connection(pg::session& other) const;

 private:
  advisory_lock(std::unique_ptr<pg::session> session, std::int64_t key, std::string where);

  std::unique_ptr<pg::session> session_;
  std::int64_t key_;
  std::string where_;  ///< database, version table and key, as messages name the lock
};

}  // namespace retort::store
