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

/// An `#include` of a carried file, for the top of the squash: a header must not be included
/// inside the namespace.
struct carried_include {
  std::string name;  ///< as written between `<>` or `""`
  bool quoted = false;
  /// A quoted include found next to the file: where, so the squash can include it from its own
  /// directory.
  std::filesystem::path found{};

  friend bool operator==(const carried_include&, const carried_include&) = default;
};

struct carried_file {
  std::string revision;
  /// `replaced_<revision>`: its `upgrade()` is `<name_space>::upgrade()`.
  std::string name_space;
  std::vector<carried_include> includes;
  /// The namespace block, ready for the squash file after its header.
  std::string block;
};

/// Reads `source`'s file. The text is kept as written, but for the header and the `#include`
/// lines. Throws `refusal`, naming the file and line, for what would not mean the same inside a
/// namespace after other files' includes: another preprocessor directive (`#define`, `#if`...),
/// an include inside a function or declaration, a template specialisation, a use of `__FILE__`
/// or of the names RETORT_MIGRATION declares. `source_error` for a file that cannot be read or
/// parsed.
[[nodiscard]] carried_file carry_file(const migration_source& source);

/// The `#include` line of `include` in a squash written into `squash_directory`.
[[nodiscard]] std::string include_directive(const carried_include& include,
                                            const std::filesystem::path& squash_directory);

}  // namespace retort::scaffold
