#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace retort::loader {

/// The absolute, canonical path of a plugin file: Boost.DLL would turn a bare name into ./name,
/// and the same file reached by two names must be recognised as one. Throws `plugin_error` for
/// a missing file, a dangling link, or anything but a regular file.
[[nodiscard]] std::string canonical_plugin_path(const std::filesystem::path& given);

/// Every `*.so` of the directory in file-name order, canonical; subdirectories are skipped.
/// Throws `plugin_error` for a missing directory, an entry that is not a regular file, or two
/// entries naming one file.
[[nodiscard]] std::vector<std::string> list_plugin_files(const std::filesystem::path& given);

}  // namespace retort::loader
