#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql_statement.hpp"

namespace retort::pg {

using row = std::vector<std::optional<std::string>>;

struct result {
  std::vector<std::string> columns;
  std::vector<unsigned> column_types;  ///< the columns' type OIDs
  std::vector<row> rows;
  std::size_t affected_rows = 0;  ///< for INSERT/UPDATE/DELETE
};

/// One PostgreSQL connection. The only code in retort that includes libpqxx: every pqxx
/// exception is converted here into `retort::database_error` carrying SQLSTATE and statement.
///
/// Transactions are explicit (`begin`/`commit`/`rollback`) rather than RAII objects, because a
/// migration run interleaves transactional steps with steps that must run outside any
/// transaction block (`CREATE INDEX CONCURRENTLY`).
class session {
 public:
  /// Connects with a libpq URL or key=value string. On failure throws `database_error` whose
  /// message never contains the password.
  static std::unique_ptr<session> connect(const std::string& url,
                                          const std::string& application_name = "retort");
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  /// Runs one statement with its parameters.
  result exec(const sql_statement& statement);
  /// Runs SQL text, which may hold several statements when there are no parameters.
  result exec(const std::string& sql);
  /// Runs one statement, with or without parameters: text holding several is refused.
  result exec_single(const sql_statement& statement);

  void begin();
  void commit();
  /// Rolls back if a transaction is open; never throws (safe in error paths).
  void rollback() noexcept;
  [[nodiscard]] bool in_transaction() const noexcept;

  /// The server's backend process id, for diagnostics.
  [[nodiscard]] int backend_pid() const;

 private:
  struct impl;
  explicit session(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

}  // namespace retort::pg
