#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace retort::loader {

/// Which file a path named when it was read, and in which state: device, inode, size and the
/// modification and status-change times to the nanosecond. Writing to a file, or replacing it
/// (a rebuild, a copy, a rename over it), changes its identity; the status-change time cannot
/// be set back without changing the system's clock.
struct file_identity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;

  friend bool operator==(const file_identity&, const file_identity&) = default;
};

/// The identity of the file open as `fd`.
[[nodiscard]] std::optional<file_identity> identity_of_descriptor(int fd);

/// The identity of the file `path` names now (symbolic links followed); none when it cannot be
/// examined.
[[nodiscard]] std::optional<file_identity> identity_of_path(const std::string& path);

}  // namespace retort::loader
