#pragma once

#include <sys/stat.h>

#include <cstdint>

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

/// Whether `identity` will show any later change of its file, read at `read_at_ns` (the system
/// clock, as `now_ns()`). File times advance with a coarse clock (a scheduler tick; two seconds on
/// some file systems), so a file changed in the same tick as it was read could change again and
/// keep its identity. A file changed shortly before it was read is therefore not judged by its
/// identity but read again (git distrusts such "racily clean" entries the same way).
[[nodiscard]] bool settled_when_read(const file_identity& identity, std::int64_t read_at_ns);

/// The system clock (CLOCK_REALTIME, which file times are taken from) in nanoseconds.
[[nodiscard]] std::int64_t now_ns();

/// The identity of a file with `status`.
[[nodiscard]] file_identity identity_of(const struct stat& status);

}  // namespace retort::loader
