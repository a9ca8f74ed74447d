#include "store/current_rows.hpp"

#include <optional>

#include "store/version_table.hpp"

namespace retort::store {

current_rows read_current_rows(pg::session& session, const version_table_location& location) {
  version_table versions(session, location);
  history_table history(session, location);
  const auto found =
      session.exec(sql_statement{"SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL",
                                 {versions.sql().qualified_name(), history.markers_name()}});
  const auto& exists = found.rows.at(0);
  const std::optional<std::string> yes("t");
  current_rows out;
  if (exists.at(0) == yes) {
    out.heads = versions.existing_heads();
  }
  if (exists.at(1) == yes) {
    out.markers = history.existing_markers();
  }
  return out;
}

}  // namespace retort::store
