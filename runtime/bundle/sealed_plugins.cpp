#include "bundle/sealed_plugins.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "bundle/bundle_error.hpp"

namespace retort::bundle {

namespace {

int sealed_copy(const std::string& name, const std::string& bytes) {
  int fd = ::memfd_create(("retort-bundle:" + name).c_str(), MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) {
    throw bundle_error(fmt::format("{}: cannot create a sealed memory file for it: {}", name,
                                   std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      ::close(fd);
      throw bundle_error(
          fmt::format("{}: cannot copy it into memory: {}", name, std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
  // A memory file starts with mode 0777; a plugin file is read-only to its owner, and checks of
  // plugin permissions should see it so.
  if (::fchmod(fd, 0500) != 0) {
    ::close(fd);
    throw bundle_error(
        fmt::format("{}: cannot restrict its memory copy: {}", name, std::strerror(errno)));
  }
  if (::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    ::close(fd);
    throw bundle_error(
        fmt::format("{}: cannot seal its memory copy: {}", name, std::strerror(errno)));
  }
  return fd;
}

}  // namespace

sealed_plugins::sealed_plugins(const file_map& files) {
  try {
    for (const auto& [name, bytes] : files) {
      int fd = sealed_copy(name, bytes);
      fds_.emplace(name, fd);
      paths_.emplace(name, fmt::format("/proc/self/fd/{}", fd));
    }
  } catch (...) {
    for (const auto& [name, fd] : fds_) {
      ::close(fd);
    }
    throw;
  }
}

sealed_plugins::~sealed_plugins() {
  for (const auto& [name, fd] : fds_) {
    ::close(fd);
  }
}

const std::string& sealed_plugins::path_of(const std::string& name) const {
  return paths_.at(name);
}

std::string sealed_plugins::name_of(const std::string& path) const {
  for (const auto& [name, p] : paths_) {
    if (p == path) {
      return name;
    }
  }
  return {};
}

void sealed_plugins::rethrow_named(const std::string& origin, const plugin_error& e) const {
  auto name = name_of(e.file());
  if (name.empty()) {
    throw e;
  }
  std::string reason = e.what();
  if (reason.starts_with(e.file() + ": ")) {
    reason.erase(0, e.file().size() + 2);
  }
  throw plugin_error(fmt::format("{}: {}", origin, name), reason);
}

}  // namespace retort::bundle
