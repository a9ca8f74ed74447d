#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "loader/file_identity.hpp"

namespace retort::loader {

/// The absolute, canonical path of a plugin file: Boost.DLL would turn a bare name into ./name,
/// and the same file reached by two names must be recognised as one. Throws `plugin_error` for
/// a missing file, a dangling link, a link leading out of its directory, or anything but a
/// regular file.
[[nodiscard]] std::string canonical_plugin_path(const std::filesystem::path& given);

/// Every `*.so` of the directory in file-name order, canonical; subdirectories are skipped.
/// Throws `plugin_error` for a missing or untrusted directory (see `check_plugin_directory()`),
/// an entry that is not a regular file, a link leading out of the directory, or two entries
/// naming one file.
[[nodiscard]] std::vector<std::string> list_plugin_files(const std::filesystem::path& given);

/// Refuses, naming it and the command that fixes it, a plugin directory (canonical) that another
/// user could write into: owned by anyone but the effective user or root, or writable by its
/// group or by everyone; or one inside a directory everyone may write without the sticky bit.
void check_plugin_directory(const std::filesystem::path& directory);

/// Refuses a plugin file (canonical) that is not a regular file, or that another user could
/// change: the rules of `check_plugin_directory()`, for the file and for its directory. Each
/// file's directory (and those above it) is checked only the first time `checked_directories`
/// sees it, so reading many plugins of one directory checks it once. The identity of the file
/// that was checked.
file_identity check_plugin_file(const std::string& file,
                                std::set<std::string>& checked_directories);

/// A plugin file (canonical) open for reading, refused as `check_plugin_file()` refuses it, but
/// judged on the file that was opened: nobody can put another file in its place between the
/// check and the read, and its status comes with the descriptor. Not through a symbolic link
/// (the listing resolved those); a FIFO or device is refused before a byte is read from it.
/// The directory is checked as `check_plugin_file()` checks it.
class checked_plugin_file {
 public:
  checked_plugin_file(const std::string& file, std::set<std::string>& checked_directories);
  ~checked_plugin_file();
  checked_plugin_file(const checked_plugin_file&) = delete;
  checked_plugin_file& operator=(const checked_plugin_file&) = delete;

  [[nodiscard]] int descriptor() const noexcept { return fd_; }
  /// The file as it was when opened.
  [[nodiscard]] const file_identity& identity() const noexcept { return identity_; }

 private:
  int fd_ = -1;
  file_identity identity_{};
};

}  // namespace retort::loader
