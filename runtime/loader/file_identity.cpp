#include "loader/file_identity.hpp"

#include <sys/stat.h>

namespace retort::loader {

namespace {

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

file_identity identity(const struct stat& s) {
  return {static_cast<std::uint64_t>(s.st_dev), static_cast<std::uint64_t>(s.st_ino),
          static_cast<std::int64_t>(s.st_size), nanoseconds(s.st_mtim), nanoseconds(s.st_ctim)};
}

}  // namespace

std::optional<file_identity> identity_of_descriptor(int fd) {
  struct stat s {};
  if (::fstat(fd, &s) != 0) {
    return std::nullopt;
  }
  return identity(s);
}

std::optional<file_identity> identity_of_path(const std::string& path) {
  struct stat s {};
  if (::stat(path.c_str(), &s) != 0) {
    return std::nullopt;
  }
  return identity(s);
}

}  // namespace retort::loader
