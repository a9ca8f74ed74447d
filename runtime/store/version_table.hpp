#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pg/session.hpp"
#include "plan/migration_plan.hpp"
#include "sql_statement.hpp"

namespace retort::store {

/// Where the version table lives: Alembic's `alembic_version(version_num)` by default.
struct version_table_location {
  std::string table = "alembic_version";
  std::string schema{};  ///< empty: the search path
};

/// The SQL that keeps the version table; pure, so offline output can share it.
class version_table_sql {
 public:
  explicit version_table_sql(version_table_location location);

  /// Alembic's layout, with `version_num` wide enough for any id retort accepts.
  [[nodiscard]] sql_statement create() const;
  /// `CREATE SCHEMA IF NOT EXISTS` for the table's schema; none when it uses the search path.
  [[nodiscard]] std::optional<sql_statement> create_schema() const;
  [[nodiscard]] sql_statement select_heads() const;
  /// What one step does to the table, in Alembic's statements: a merge deletes all removed
  /// rows but the last and updates that one; an unmerge inserts all added rows but the last and
  /// updates the removed row to that one; otherwise updates where a removed row pairs with an
  /// added one, then deletes and inserts for the rest.
  [[nodiscard]] std::vector<sql_statement> apply(const std::vector<std::string>& removed,
                                                 const std::vector<std::string>& added) const;
  [[nodiscard]] sql_statement delete_all() const;
  [[nodiscard]] const std::string& qualified_name() const { return qualified_name_; }

 private:
  version_table_location location_;
  std::string qualified_name_;  // quoted once: an offline script names the table twice a step
};

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
