#include "loader/file_identity.hpp"

#include <algorithm>

#include <sys/stat.h>
#include <time.h>

namespace retort::loader {

namespace {

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace

file_identity identity_of(const struct stat& s) {
  return {static_cast<std::uint64_t>(s.st_dev), static_cast<std::uint64_t>(s.st_ino),
          static_cast<std::int64_t>(s.st_size), nanoseconds(s.st_mtim), nanoseconds(s.st_ctim)};
}

bool settled_when_read(const file_identity& identity, std::int64_t read_at_ns) {
  // Two seconds cover the coarsest file times in use (FAT) and a tick many times over; a plugin
  // is rarely read that soon after it was built, and then it is only read once more.
  constexpr std::int64_t coarsest_file_time_ns = 2'000'000'000;
  const auto last_change = std::max(identity.modified_ns, identity.changed_ns);
  return last_change < read_at_ns - coarsest_file_time_ns;
}

std::int64_t now_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return nanoseconds(t);
}

}  // namespace retort::loader
