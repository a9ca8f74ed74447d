#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort::sql_parse {

/// What a `CREATE INDEX CONCURRENTLY` statement builds. PostgreSQL keeps such an index, marked
/// INVALID, when the statement fails after creating it.
struct concurrent_index {
  std::string schema;  ///< the table's schema as written; empty: the search path
  std::string table;
  std::string name;  ///< empty when the statement lets PostgreSQL choose the name
};

/// The index the last `CREATE INDEX CONCURRENTLY` in `sql` builds, if `sql` has one.
[[nodiscard]] std::optional<concurrent_index> find_concurrent_index(std::string_view sql);

}  // namespace retort::sql_parse
