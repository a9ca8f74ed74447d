#include "loader/plugin_files.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
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

// Whether `path` (canonical) lies inside `directory` (canonical), at any depth.
bool is_inside(const fs::path& path, const fs::path& directory) {
  const auto relative = path.lexically_relative(directory);
  return !relative.empty() && *relative.begin() != "..";
}

// getpwuid_r, not getpwuid: an embedding program may load plugins from several threads.
std::string user_name(uid_t uid) {
  passwd entry{};
  passwd* user = nullptr;
  std::array<char, 4096> buffer{};
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &user) == 0 && user != nullptr) {
    return fmt::format("{} (uid {})", user->pw_name, uid);
  }
  return fmt::format("uid {}", uid);
}

// The owner and mode rules shared by plugin files and plugin directories. Whoever can write a
// plugin or its directory can run code as the user who migrates, with that user's database
// credentials; so only that user (or root, who could anyway) may.
void check_owner_and_mode(const std::string& path, const struct stat& status,
                          std::string_view what) {
  const uid_t self = ::geteuid();
  if (status.st_uid != self && status.st_uid != 0) {
    throw plugin_error(
        path, fmt::format("{} is owned by {}, not by the user running retort ({}) or root: its "
                          "owner could replace the migrations that run; run `chown {} {}` or "
                          "use a {} you own",
                          what, user_name(status.st_uid), user_name(self), self, path, what));
  }
  const auto writable = status.st_mode & (S_IWGRP | S_IWOTH);
  if (writable != 0) {
    throw plugin_error(
        path, fmt::format("{} is writable by {} (mode {:04o}): they could replace the migrations "
                          "that run; run `chmod go-w {}`",
                          what,
                          writable == (S_IWGRP | S_IWOTH) ? "its group and by everyone"
                          : (writable & S_IWGRP) != 0     ? "its group"
                                                          : "everyone",
                          status.st_mode & 07777, path));
  }
}

// Whoever may write a directory above the plugin directory may move the plugin directory away
// and put one of their own in its place. Only writable-by-everyone is refused: a sticky
// directory such as /tmp lets only an entry's owner move it, which the plugin directory's own
// check covers; a group-writable one is usual under `umask 002`, where each user has a private
// group; and a checkout owned by another user, built by root in a container, is common.
void check_enclosing_directories(const fs::path& directory) {
  for (auto above = directory.parent_path();; above = above.parent_path()) {
    struct stat status {};
    if (::stat(above.c_str(), &status) != 0) {
      throw plugin_error(above.string(),
                         fmt::format("directory above the plugin directory {} cannot be "
                                     "accessed: {}",
                                     directory.string(), std::strerror(errno)));
    }
    if ((status.st_mode & S_IWOTH) != 0 && (status.st_mode & S_ISVTX) == 0) {
      throw plugin_error(
          above.string(),
          fmt::format("directory above the plugin directory {} is writable by everyone (mode "
                      "{:04o}) without the sticky bit: anyone could move the plugin directory "
                      "away and put their own in its place; run `chmod o-w {}`",
                      directory.string(), status.st_mode & 07777, above.string()));
    }
    if (above == above.parent_path()) {
      return;
    }
  }
}

}  // namespace

void check_plugin_directory(const fs::path& directory) {
  struct stat status {};
  if (::stat(directory.c_str(), &status) != 0) {
    throw plugin_error(directory.string(), fmt::format("plugin directory cannot be accessed: {}",
                                                       std::strerror(errno)));
  }
  check_owner_and_mode(directory.string(), status, "plugin directory");
  check_enclosing_directories(directory);
}

namespace {

// A bundle's verified bytes are loaded from a sealed memory file this process holds, through its
// /proc/self/fd link; nobody else can redirect that link, so the file it leads to is checked.
bool is_own_descriptor(const std::string& file) {
  return file.starts_with("/proc/self/fd/");
}

// The rules of the file itself, on its status (not following a last symbolic link).
void check_plugin_file_status(const std::string& file, const struct stat& status) {
  if (!S_ISREG(status.st_mode)) {
    throw plugin_error(file, "not a regular file; a plugin is a shared library file");
  }
  check_owner_and_mode(file, status, "plugin file");
}

// The directory decides who may replace the file.
void check_directory_of(const std::string& file, std::set<std::string>& checked_directories) {
  auto directory = fs::path(file).parent_path();
  if (!checked_directories.contains(directory.native())) {
    check_plugin_directory(directory);
    checked_directories.insert(std::move(directory).native());
  }
}

}  // namespace

file_identity check_plugin_file(const std::string& file,
                                std::set<std::string>& checked_directories) {
  struct stat status {};
  const int failed =
      is_own_descriptor(file) ? ::stat(file.c_str(), &status) : ::lstat(file.c_str(), &status);
  if (failed != 0) {
    throw plugin_error(file, fmt::format("cannot be accessed: {}", std::strerror(errno)));
  }
  check_plugin_file_status(file, status);
  check_directory_of(file, checked_directories);
  return identity_of(status);
}

checked_plugin_file::checked_plugin_file(const std::string& file,
                                         std::set<std::string>& checked_directories) {
  const bool own = is_own_descriptor(file);
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before it could be refused.
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | (own ? 0 : O_NOFOLLOW));
  if (fd_ < 0) {
    const int error = errno;
    if (error == ELOOP && !own) {
      throw plugin_error(file, "not a regular file; a plugin is a shared library file");
    }
    throw plugin_error(
        file, fmt::format("cannot be {}: {}",
                          error == ENOENT || error == ENOTDIR ? "accessed" : "opened for reading",
                          std::strerror(error)));
  }
  try {
    struct stat status {};
    if (::fstat(fd_, &status) != 0) {
      throw plugin_error(file, fmt::format("cannot be read: {}", std::strerror(errno)));
    }
    check_plugin_file_status(file, status);
    check_directory_of(file, checked_directories);
    identity_ = identity_of(status);
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

checked_plugin_file::~checked_plugin_file() {
  ::close(fd_);
}

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
  // A link may name a plugin elsewhere in its own directory tree, never outside it: the checks
  // of that directory would not cover the file it leads to.
  std::error_code link_ec;
  if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
    const auto directory = fs::canonical(path.parent_path(), link_ec);
    if (link_ec || !is_inside(canonical, directory)) {
      throw plugin_error(path.string(),
                         fmt::format("a symbolic link to {}, outside the plugin directory {}; "
                                     "copy the plugin into the directory instead",
                                     canonical.string(), path.parent_path().string()));
    }
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

  std::error_code canonical_ec;
  const fs::path canonical_directory = fs::canonical(directory, canonical_ec);
  if (canonical_ec) {
    throw plugin_error(
        name, fmt::format("plugin directory cannot be resolved: {}", canonical_ec.message()));
  }
  check_plugin_directory(canonical_directory);

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
  std::vector<std::string> files;
  std::map<std::string, std::string> entry_of;  // canonical path -> the entry that named it
  for (const auto& [file_name, entry] : entries) {
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      continue;
    }
    std::error_code link_ec;
    const bool plain_file =
        !entry.is_symlink(link_ec) && !link_ec && entry.is_regular_file(type_ec) && !type_ec;
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
