#pragma once

#include <string>
#include <vector>

#include "pg/session.hpp"
#include "store/history_table.hpp"
#include "store/version_table_sql.hpp"

namespace retort::store {

/// What `current` shows of a database.
struct current_rows {
  std::vector<std::string> heads;           ///< the version table's rows, as version_table::heads()
  std::vector<in_progress_marker> markers;  ///< as history_table::markers()
};

/// The version table's rows and the markers of interrupted steps, as `heads()` and `markers()`
/// read them, in one round trip fewer: one statement asks which of the two tables exist, then
/// each that does is read. Neither is created.
[[nodiscard]] current_rows read_current_rows(pg::session& session,
                                             const version_table_location& location);

}  // namespace retort::store
