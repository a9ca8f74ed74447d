#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql_statement.hpp"

// The version table's SQL, apart from any connection: offline scripts write it without linking
// the database client.
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

}  // namespace retort::store
