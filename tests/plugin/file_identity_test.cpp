// A plugin read long after its last change is judged by its identity when it is loaded; one
// read within the coarsest file-time step of a change is read again instead.
#include "loader/file_identity.hpp"

#include <gtest/gtest.h>

#include <cstdint>

#include <sys/stat.h>

namespace {

using retort::loader::file_identity;
using retort::loader::settled_when_read;

constexpr std::int64_t second = 1'000'000'000;

file_identity changed_at(std::int64_t modified_ns, std::int64_t changed_ns) {
  return {.device = 1, .inode = 2, .size = 3, .modified_ns = modified_ns, .changed_ns = changed_ns};
}

TEST(file_identity, a_file_changed_long_before_it_was_read_is_settled) {
  const std::int64_t read_at = 1'000 * second;
  EXPECT_TRUE(settled_when_read(changed_at(read_at - 10 * second, read_at - 10 * second), read_at));
  EXPECT_TRUE(settled_when_read(changed_at(0, read_at - 3 * second), read_at));
}

TEST(file_identity, a_file_changed_shortly_before_it_was_read_is_not) {
  const std::int64_t read_at = 1'000 * second;
  EXPECT_FALSE(settled_when_read(changed_at(read_at - second, read_at - second), read_at));
  EXPECT_FALSE(settled_when_read(changed_at(read_at, read_at), read_at));
  // Only the status-change time is recent (a chmod, a rename over it).
  EXPECT_FALSE(settled_when_read(changed_at(0, read_at - second / 2), read_at));
}

TEST(file_identity, a_file_time_in_the_future_is_never_settled) {
  const std::int64_t read_at = 1'000 * second;
  EXPECT_FALSE(settled_when_read(changed_at(read_at + 3600 * second, 0), read_at));
}

TEST(file_identity, the_clock_is_the_one_file_times_come_from) {
  // A file's status-change time is taken from the system clock when it changes.
  const auto before = retort::loader::now_ns();
  struct stat status {};
  ASSERT_EQ(::stat("/proc/self/exe", &status), 0);
  const auto identity = retort::loader::identity_of(status);
  EXPECT_LT(identity.changed_ns, before + second);
  EXPECT_GT(before, 1'600'000'000 * second);  // after 2020: CLOCK_REALTIME, not a boot clock
}

}  // namespace
