#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <retort/graph.hpp>
#include <retort/operations.hpp>
#include <retort/plugin_abi.hpp>

#include "loader/plugin_metadata.hpp"

namespace retort {

/// A loaded plugin file. Opaque: only the loader touches Boost.DLL.
class plugin_library;

/// One migration from a loaded plugin. It shares ownership of its library, so the code behind
/// `upgrade()`/`downgrade()` stays loaded as long as the migration (or a copy) exists.
class loaded_migration {
 public:
  /// Takes what it keeps of `metadata`: loading a few thousand migrations would otherwise copy
  /// each one's strings once more, megabytes of fresh memory for metadata read a moment before.
  loaded_migration(migration_metadata&& metadata, std::shared_ptr<const plugin_library> library,
                   const plugin_abi::migration_entry& entry);

  [[nodiscard]] const revision_info& info() const noexcept { return info_; }
  [[nodiscard]] bool transactional() const noexcept { return transactional_; }
  /// The migration's source file, as the compiler saw it.
  [[nodiscard]] const std::string& source_file() const noexcept { return source_file_; }
  /// The SHA-256 of its normalised source, as the build recorded it.
  [[nodiscard]] const std::string& source_checksum() const noexcept { return source_checksum_; }
  /// The plugin file it was loaded from.
  [[nodiscard]] const std::string& plugin_file() const noexcept;

  /// Calls the plugin's `upgrade()`. Any exception it throws, standard or not, is caught while
  /// the library is loaded and rethrown as `migration_code_error` carrying the revision, its
  /// message naming the function, the exception's type and `what()`.
  [[nodiscard]] operations upgrade() const;
  [[nodiscard]] operations downgrade() const;

 private:
  revision_info info_;
  bool transactional_;
  std::string source_file_;
  std::string source_checksum_;
  std::shared_ptr<const plugin_library> library_;
  plugin_abi::migration_function upgrade_;
  plugin_abi::migration_function downgrade_;
};

/// Loads every plugin (`*.so`) of `directory`, in file-name order, and returns their migrations
/// in discovery order (file order, then the order of the plugin's metadata records, which is
/// link order). Subdirectories are skipped; paths are made absolute and canonical.
///
/// Only commands that run migration code need this; the graph needs only
/// `read_plugin_metadata()`, which loads nothing.
///
/// Everything is loaded and checked before anything is returned: one bad plugin (not a shared
/// library, truncated, stripped, no entry symbol, missing or corrupt revision metadata, a
/// revision declared twice, unresolved symbols, another ABI) or a `.so` entry that is not a
/// regular file throws `plugin_error` naming the file. Every file passes the checks that need no
/// loading (everything `read_plugin_metadata()` checks) before any file is loaded, so a file
/// refused by them runs no plugin code at all (loading runs static initializers). Once loaded,
/// the migrations a plugin's code reports must be exactly those its metadata section describes,
/// field by field; a plugin whose file was changed after it was built is refused, naming the
/// first field that differs.
[[nodiscard]] std::vector<loaded_migration> load_plugin_directory(
    const std::filesystem::path& directory);

/// Loads one plugin file, with the same checks.
[[nodiscard]] std::vector<loaded_migration> load_plugin_file(const std::filesystem::path& file);

/// Loads the code of the migrations `metadata` describes, as `read_plugin_metadata()` returned
/// it: the plugin files it names, with every check of `load_plugin_directory()`, in the same
/// order. A file whose metadata is no longer `metadata` (rebuilt or replaced since it was read)
/// throws `plugin_error` naming it, so the code that runs is exactly the code a graph built from
/// `metadata` describes. Files without migrations are not in `metadata` and are not loaded.
[[nodiscard]] std::vector<loaded_migration> load_plugin_code(
    const std::vector<migration_metadata>& metadata);

}  // namespace retort
