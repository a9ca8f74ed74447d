#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace retort::fleet {

/// One database of a fleet (a tenant, shard or region).
struct database {
  /// How reports name it: the name from the list, or the URL without its password.
  std::string name{};
  std::string url{};
  /// Where the list declares it, for messages: `fleet.txt:3`.
  std::string origin{};
};

/// Reads a database list: one database per line, `URL` or `NAME URL`; blank lines and lines
/// starting with `#` are skipped. A NAME has no `=` and no `:`, so it cannot be mistaken for a
/// URI (`postgresql://...`) or a key=value connection string (`host=... dbname=...`). Throws
/// `config_error`, naming the file and line, for an unreadable file, an empty list, or a name
/// or URL given twice.
[[nodiscard]] std::vector<database> read_database_list(const std::filesystem::path& file);

}  // namespace retort::fleet
