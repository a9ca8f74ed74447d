#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <retort/graph.hpp>

#include "loader/file_identity.hpp"

namespace retort {

/// One migration as its plugin file describes it, read without loading the plugin.
struct migration_metadata {
  revision_info info;  ///< `info.source` is the source file
  bool transactional = true;
  /// The migration's source file, as the compiler saw it.
  std::string source_file;
  /// The plugin file it is in, absolute and canonical.
  std::string plugin_file;
  /// The SHA-256 of its normalised source, computed by the build (64 lowercase hex digits).
  std::string source_checksum;
  /// The metadata record format it was built with. Before format 3 the plugin's `migration_info`
  /// has no `replaces` field, so its code must not be asked for one.
  std::uint32_t record_format = 0;
  /// The plugin file as it was when this was read: loading it later, a file whose identity is
  /// still this one need not be read again. None when the file had changed too shortly before
  /// it was read for its identity to show a later change (see loader::settled_when_read); it is
  /// then read again before it is loaded. Not part of the comparison below (a file touched but
  /// unchanged describes the same migrations).
  std::optional<loader::file_identity> plugin_identity{};

  friend bool operator==(const migration_metadata& a, const migration_metadata& b) {
    return a.info.revision == b.info.revision && a.info.down_revisions == b.info.down_revisions &&
           a.info.branch_labels == b.info.branch_labels && a.info.depends_on == b.info.depends_on &&
           a.info.message == b.info.message && a.info.source == b.info.source &&
           a.info.replaces == b.info.replaces && a.record_format == b.record_format &&
           a.transactional == b.transactional && a.source_file == b.source_file &&
           a.plugin_file == b.plugin_file && a.source_checksum == b.source_checksum;
  }
};

/// Reads the revision metadata of every plugin (`*.so`) of `directory` without loading any:
/// no plugin code runs, nothing is mapped for execution. Enough for the revision graph and every
/// command that only reads it (`heads`, `history`, `current`, planning).
///
/// The same files, order and refusals as `load_plugin_directory()` up to the point where that
/// function loads code: file-name order, then the order the plugin's migrations were linked in;
/// a file that is not a regular file, not a retort plugin, damaged or stripped, whose metadata
/// section (`retort_md`) is missing, truncated, corrupt or in another record format, or a
/// revision declared twice, throws `plugin_error` naming the file. Each file is opened once and
/// read with a few `pread` calls.
[[nodiscard]] std::vector<migration_metadata> read_plugin_metadata(
    const std::filesystem::path& directory);

/// Reads the revision metadata of one plugin file, with the same checks.
[[nodiscard]] std::vector<migration_metadata> read_plugin_metadata_file(
    const std::filesystem::path& file);

/// The revisions of every plugin of `directory`, for commands that only show the graph
/// (`heads`, `history`, `branches`, `show`): what `read_plugin_metadata()` reads and refuses,
/// keeping only each migration's `revision_info` (its source file as `source`). A revision
/// declared twice is left to `revision_graph`, which refuses it.
[[nodiscard]] std::vector<revision_info> read_plugin_revisions(
    const std::filesystem::path& directory);

namespace loader {

/// Every check that runs no plugin code and the revision metadata, file by file in the order
/// given (the first file that fails is the one reported), grouped by file. The loader runs this
/// on every file before it loads any.
[[nodiscard]] std::vector<migration_metadata> read_checked_metadata(
    const std::vector<std::string>& files);

/// Decodes a migration's header as the plugin's code declares it (`plugin_abi::migration_entry`):
/// one migration record, checked as the section's records are; `file` names the plugin in
/// errors, and is its `plugin_file`; its `source_checksum` is empty.
[[nodiscard]] migration_metadata decode_declared_header(const std::string& file,
                                                        const unsigned char* header,
                                                        std::size_t size);

/// Whether the declared header (checked as decode_declared_header checks it, and refused in the
/// same words when damaged) says exactly what `recorded` says: revision, down revisions,
/// message, labels, depends_on, source file, replaces and transactional. Compares in place:
/// loading 5,000 migrations decoded 20,000 strings only to compare them.
[[nodiscard]] bool declared_header_agrees(const std::string& file, const unsigned char* header,
                                          std::size_t size, const migration_metadata& recorded);

/// Decodes the contents of a plugin's metadata section; `file` names it in errors.
[[nodiscard]] std::vector<migration_metadata> decode_metadata(
    const std::string& file, const std::vector<unsigned char>& section);

}  // namespace loader

}  // namespace retort
