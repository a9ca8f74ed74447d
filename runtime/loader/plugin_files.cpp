#include "loader/plugin_files.hpp"

#include <algorithm>
#include <map>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include <retort/errors.hpp>

namespace retort::loader {

namespace {

namespace fs = std::filesystem;

std::string describe(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    default:
      return "neither a file nor a directory";
  }
}

fs::path absolute_path(const fs::path& path) {
  std::error_code ec;
  auto absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal();
}

}  // namespace

// The absolute, canonical path of a plugin file: Boost.DLL would turn a bare name into ./name,
// and the same file reached by two names must be recognised as one.
std::string canonical_plugin_path(const fs::path& given) {
  if (given.empty()) {
    throw plugin_error("\"\"", "no plugin file given");
  }
  const fs::path path = absolute_path(given);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    std::error_code link_ec;
    if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
      throw plugin_error(path.string(), fmt::format("a symbolic link to {}, which does not exist",
                                                    fs::read_symlink(path, link_ec).string()));
    }
    throw plugin_error(path.string(), ec && ec != std::errc::no_such_file_or_directory
                                          ? fmt::format("cannot be accessed: {}", ec.message())
                                          : std::string("no such file"));
  }
  if (!fs::is_regular_file(status)) {
    throw plugin_error(path.string(),
                       fmt::format("not a regular file but {}; a plugin is a shared library file",
                                   describe(status.type())));
  }
  auto canonical = fs::canonical(path, ec);
  if (ec) {
    throw plugin_error(path.string(), fmt::format("cannot be resolved: {}", ec.message()));
  }
  return canonical.string();
}

// Every `*.so` of the directory in file-name order; subdirectories are skipped.
std::vector<std::string> list_plugin_files(const fs::path& given) {
  if (given.empty()) {
    throw plugin_error("\"\"", "no plugin directory given");
  }
  const fs::path directory = absolute_path(given);
  const std::string name = directory.string();
  std::error_code ec;
  const auto status = fs::status(directory, ec);
  if (!fs::exists(status)) {
    throw plugin_error(name,
                       ec && ec != std::errc::no_such_file_or_directory
                           ? fmt::format("plugin directory cannot be accessed: {}", ec.message())
                           : std::string("plugin directory does not exist"));
  }
  if (!fs::is_directory(status)) {
    throw plugin_error(name, "not a directory; the plugin directory holds the plugin files (*.so)");
  }

  // Sorted by file name, each name made once.
  std::vector<std::pair<std::string, fs::directory_entry>> entries;
  try {
    for (const auto& entry : fs::directory_iterator(directory)) {
      if (entry.path().extension() == ".so") {
        entries.emplace_back(entry.path().filename().string(), entry);
      }
    }
  } catch (const fs::filesystem_error& e) {
    throw plugin_error(name,
                       fmt::format("plugin directory cannot be listed: {}", e.code().message()));
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  // A regular file that is not a link is named canonically by the canonical directory and its
  // own name, with no need to resolve each path component again (a few system calls per file).
  std::error_code canonical_ec;
  const fs::path canonical_directory = fs::canonical(directory, canonical_ec);
  std::vector<std::string> files;
  std::map<std::string, std::string> entry_of;  // canonical path -> the entry that named it
  for (const auto& [file_name, entry] : entries) {
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      continue;
    }
    std::error_code link_ec;
    const bool plain_file = !canonical_ec && !entry.is_symlink(link_ec) && !link_ec &&
                            entry.is_regular_file(type_ec) && !type_ec;
    auto file = plain_file ? (canonical_directory / file_name).string()
                           : canonical_plugin_path(entry.path());
    auto [seen, inserted] = entry_of.emplace(file, entry.path().string());
    if (!inserted) {
      throw plugin_error(
          entry.path().string(),
          fmt::format("the same file as {} (both are {}); each of its revisions would be declared "
                      "twice: remove one of them",
                      seen->second, file));
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace retort::loader
