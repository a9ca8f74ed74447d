#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scaffold/source_reader.hpp"

/// A replaced revision whose operations cannot be written out again as `op::` calls, because they
/// hold C++ code (a data step, a backfill over C++ rows): `squash` carries its file whole into
/// the squash, without its header, inside a namespace of its own, and calls its `upgrade()` and
/// `downgrade()` where its operations stood.
namespace retort::scaffold {

struct carried_file {
  std::string revision;
  /// `replaced_<revision>`: its `upgrade()` is `<name_space>::upgrade()`.
  std::string name_space;
  /// Its `#include` lines, for the top of the squash: a header must not be included inside the
  /// namespace. A quoted include found next to the file is rewritten relative to the squash's
  /// directory.
  std::vector<std::string> includes;
  /// The namespace block, ready for the squash file after its header.
  std::string block;
};

/// Reads `source`'s file for a squash written into `squash_directory`. Throws `source_error` for
/// a file that cannot be read or parsed.
[[nodiscard]] carried_file carry_file(const migration_source& source,
                                      const std::filesystem::path& squash_directory);

}  // namespace retort::scaffold
