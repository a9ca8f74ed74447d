#pragma once

#include <optional>
#include <string>
#include <vector>

#include <retort/operations.hpp>

namespace retort {

/// One SQL statement as the renderer produces it and the executor runs it. Values travel as
/// parameters (`$1`, `$2`, ... in text format; an empty optional is NULL), never inside `sql`.
struct sql_statement {
  std::string sql;
  std::vector<std::optional<std::string>> params{};
  /// False for statements PostgreSQL refuses inside a transaction block
  /// (`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`).
  bool transactional = true;
  /// True for text the migration's author wrote (`op::execute`), which retort did not render
  /// and so cannot vouch for: the executor checks what such a statement did to its transaction.
  bool authored = false;
  /// Not SQL but a data step: C++ code the executor runs with a session on the step's
  /// transaction (`sql` is empty). An SQL script cannot hold it.
  std::optional<ops::data_step> code{};
  /// Not SQL but a backfill: batches the executor runs each in a transaction of its own
  /// (`sql` is empty, `transactional` false). A script holds it as one DO block.
  std::optional<ops::backfill> backfill{};

  friend bool operator==(const sql_statement&, const sql_statement&) = default;
};

}  // namespace retort
