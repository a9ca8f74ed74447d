// The front door's memory for a short life: blocks handed out front to back from one region on
// huge-page boundaries, never two callers the same bytes, nothing past the end.
#include "cli/bump_region.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace retort::cli {
namespace {

constexpr std::size_t mib = std::size_t{1} << 20;

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

TEST(bump_region, an_unmapped_region_hands_out_nothing) {
  bump_region region;
  EXPECT_EQ(region.allocate(16, 16), nullptr);
  int local = 0;
  EXPECT_FALSE(region.contains(&local));
  EXPECT_FALSE(region.contains(nullptr));
}

TEST(bump_region, blocks_are_aligned_as_asked_disjoint_and_writable) {
  bump_region region;
  ASSERT_TRUE(region.map(4 * mib));
  // The region begins on a 2 MiB boundary, where a huge page can back it.
  auto* first = region.allocate(1, 1);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(address(first) % (2 * mib), 0u);

  std::vector<std::pair<std::byte*, std::size_t>> blocks;
  for (const std::size_t alignment : {1, 8, 16, 64, 4096}) {
    for (const std::size_t size : {1, 24, 100, 5000}) {
      auto* block = static_cast<std::byte*>(region.allocate(size, alignment));
      ASSERT_NE(block, nullptr);
      EXPECT_EQ(address(block) % alignment, 0u) << "alignment " << alignment;
      EXPECT_TRUE(region.contains(block));
      EXPECT_TRUE(region.contains(block + size - 1));
      std::memset(block, static_cast<int>(blocks.size()), size);
      blocks.emplace_back(block, size);
    }
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto [block, size] = blocks[i];
    EXPECT_EQ(std::count(block, block + size, static_cast<std::byte>(i)),
              static_cast<std::ptrdiff_t>(size))
        << "block " << i << " was overwritten by a later one";
  }
  int local = 0;
  EXPECT_FALSE(region.contains(&local));
}

TEST(bump_region, nothing_is_handed_out_past_its_end) {
  bump_region region;
  ASSERT_TRUE(region.map(2 * mib));
  auto* most = static_cast<std::byte*>(region.allocate(2 * mib - 64, 16));
  ASSERT_NE(most, nullptr);
  EXPECT_EQ(region.allocate(128, 16), nullptr);
  EXPECT_EQ(region.allocate(SIZE_MAX, 16), nullptr);
  EXPECT_EQ(region.allocate(SIZE_MAX - 8, 4096), nullptr);
  // What is left still serves a block that fits.
  auto* last = static_cast<std::byte*>(region.allocate(64, 16));
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last, most + 2 * mib - 64);
  EXPECT_EQ(region.allocate(1, 1), nullptr);
  EXPECT_FALSE(region.contains(last + 64));
}

TEST(bump_region, maps_once) {
  bump_region region;
  ASSERT_TRUE(region.map(2 * mib));
  EXPECT_FALSE(region.map(2 * mib));
  bump_region empty;
  EXPECT_FALSE(empty.map(0));
}

TEST(bump_region, only_the_last_block_is_taken_back) {
  bump_region region;
  ASSERT_TRUE(region.map(2 * mib));
  auto* a = region.allocate(100, 16);
  auto* b = region.allocate(200, 16);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  region.release(a, 100);  // not the last: stays handed out
  auto* c = region.allocate(200, 16);
  EXPECT_NE(c, a);
  EXPECT_GT(address(c), address(b));
  region.release(c, 200);  // the last: the next block takes its place
  EXPECT_EQ(region.allocate(50, 16), c);
  int local = 0;
  region.release(&local, sizeof(local));  // not from the region: ignored
  EXPECT_EQ(region.allocate(8, 8), static_cast<std::byte*>(c) + 56);
}

TEST(bump_region, threads_never_get_the_same_bytes) {
  bump_region region;
  ASSERT_TRUE(region.map(8 * mib));
  constexpr int per_thread = 20000;
  std::vector<std::uintptr_t> got[2];
  {
    std::vector<std::jthread> threads;
    for (auto& out : got) {
      threads.emplace_back([&region, &out] {
        out.reserve(per_thread);
        for (int i = 0; i < per_thread; ++i) {
          out.push_back(address(region.allocate(24, 8)));
        }
      });
    }
  }
  std::vector<std::uintptr_t> all;
  for (const auto& out : got) {
    all.insert(all.end(), out.begin(), out.end());
  }
  ASSERT_EQ(std::count(all.begin(), all.end(), 0u), 0);
  std::sort(all.begin(), all.end());
  for (std::size_t i = 1; i < all.size(); ++i) {
    ASSERT_GE(all[i] - all[i - 1], 24u) << "two blocks overlap";
  }
  EXPECT_EQ(region.used(), 2u * per_thread * 24);
}

}  // namespace
}  // namespace retort::cli
