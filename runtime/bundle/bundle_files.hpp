#pragma once

#include <filesystem>
#include <map>
#include <string>

/// A bundle's files as bytes in memory, in either form: a directory, or a single-file archive
/// (`.tar.gz`, or a plain `.tar`). Everything is read once, here; what is checked and what is
/// loaded later are these bytes, never the files again.
namespace retort::bundle {

/// File name -> contents. Names are plain (no directories).
using file_map = std::map<std::string, std::string>;

struct bundle_contents {
  std::string origin;  ///< the bundle as the user named it, for messages
  file_map files;
};

/// Reads a bundle directory (every entry must be a regular file; anything else is refused,
/// naming it) or a bundle archive (every entry a regular file with a plain name, none twice).
/// Throws `bundle_error`.
[[nodiscard]] bundle_contents read_bundle(const std::filesystem::path& path);

/// Writes `files` into a new directory `directory` (refused when it exists).
void write_bundle_directory(const std::filesystem::path& directory, const file_map& files);

/// Writes `files` as a gzip-compressed tar archive (refused when `archive` exists). The archive
/// is deterministic: names in order, mode 0644, owner 0, time stamps 0.
void write_bundle_archive(const std::filesystem::path& archive, const file_map& files);

}  // namespace retort::bundle
