#pragma once

// What `current` reads from the database: the version table's rows and the markers of
// interrupted steps. The front door reads them through a module it loads only for `current`
// (database-heads.so, installed beside retort-full), so that no other verb it answers loads the
// database client, and the client loads while the plugins are read.

#include <string>
#include <vector>

#include "store/history_table.hpp"
#include "store/version_table.hpp"

namespace retort::cli {

struct database_heads_request {
  std::string url;
  store::version_table_location location;
  /// `--url` as given, whose password the error text leaves out (with RETORT_URL's and
  /// DATABASE_URL's).
  std::string given_url;
};

struct database_heads {
  enum class outcome {
    read,
    /// No connection: `error` is the full command's message for it. Said at once rather than
    /// handed over, since a server that does not answer would make the operator wait twice.
    not_connected,
    /// Anything else: the full command reads again and says what is wrong.
    failed,
  };
  outcome result = outcome::failed;
  std::vector<std::string> rows;  ///< in the version table's order (by version_num)
  std::vector<store::in_progress_marker> markers;
  std::string error;
};

/// The module's one entry point; both sides are built together, so C++ types cross it.
using read_database_heads_function = void(const database_heads_request&, database_heads&) noexcept;
inline constexpr const char* read_database_heads_symbol = "retort_read_database_heads";

}  // namespace retort::cli
