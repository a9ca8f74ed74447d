#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pg/session.hpp"
#include "plan/migration_plan.hpp"
#include "sql_statement.hpp"
#include "store/version_table_sql.hpp"

namespace retort::store {

/// The version table of one database, through one session.
class version_table {
 public:
  version_table(pg::session& session, version_table_location location);

  /// Whether the table exists; read-only.
  [[nodiscard]] bool exists();
  /// Creates the table if it is missing.
  void ensure_exists();
  /// The revisions in the table (one row per head); empty when the table does not exist.
  [[nodiscard]] std::vector<std::string> heads();
  /// The same, of a table the caller knows to exist: one round trip less.
  [[nodiscard]] std::vector<std::string> existing_heads();
  /// The declared width of `version_num`, when it is a bounded varchar (Alembic's is 32).
  [[nodiscard]] std::optional<int> version_num_width();

  /// Applies one step's change; every UPDATE and DELETE must match exactly one row, else it
  /// throws `database_error`, and the caller's transaction rolls back.
  void apply(const std::vector<std::string>& removed, const std::vector<std::string>& added);
  /// Replaces every row with `heads` (used by `stamp`).
  void replace_all(const std::vector<std::string>& heads);

  [[nodiscard]] const version_table_sql& sql() const noexcept { return sql_; }

 private:
  pg::session& session_;
  version_table_location location_;
  version_table_sql sql_;
};

}  // namespace retort::store
