// The graph's edge lists hold what was appended, in order, inline or on the heap, through copies
// and moves: a lost or reordered edge would change every order Alembic's graph gives.
#include "graph/edge_list.hpp"

#include <numeric>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace retort::detail {
namespace {

std::vector<rev> items(const edge_list& list) {
  return {list.begin(), list.end()};
}

std::vector<rev> first(std::uint32_t count) {
  std::vector<rev> out(count);
  std::iota(out.begin(), out.end(), 100u);
  return out;
}

edge_list list_of(std::uint32_t count) {
  edge_list list;
  for (auto r : first(count)) {
    list.push_back(r);
  }
  return list;
}

TEST(edge_list, holds_what_was_appended_in_order_at_every_size) {
  for (std::uint32_t count : {0u, 1u, 2u, 3u, 4u, 5u, 8u, 9u, 17u, 1000u}) {
    const auto list = list_of(count);
    EXPECT_EQ(list.size(), count);
    EXPECT_EQ(list.empty(), count == 0);
    EXPECT_EQ(items(list), first(count)) << count << " items";
    if (count > 0) {
      EXPECT_EQ(list.front(), 100u);
      EXPECT_EQ(list[count - 1], 100u + count - 1);
    }
  }
}

TEST(edge_list, is_sixteen_bytes) {
  EXPECT_EQ(sizeof(edge_list), 16u);
}

TEST(edge_list, a_copy_is_equal_and_independent) {
  for (std::uint32_t count : {0u, 2u, 3u, 4u, 40u}) {
    auto original = list_of(count);
    edge_list copy(original);
    original.push_back(7);
    EXPECT_EQ(items(copy), first(count));
    copy.push_back(9);
    auto expected = first(count);
    expected.push_back(9);
    EXPECT_EQ(items(copy), expected);
  }
}

TEST(edge_list, copy_assignment_replaces_what_was_there_in_either_direction) {
  for (std::uint32_t from : {0u, 1u, 3u, 4u, 30u}) {
    for (std::uint32_t to : {0u, 2u, 3u, 5u, 60u}) {
      auto target = list_of(to);
      const auto source = list_of(from);
      target = source;
      EXPECT_EQ(items(target), first(from)) << from << " over " << to;
      target.push_back(1);
      EXPECT_EQ(target.size(), from + 1);
    }
  }
  auto self = list_of(6);
  const auto& alias = self;
  self = alias;
  EXPECT_EQ(items(self), first(6));
}

TEST(edge_list, a_move_takes_the_items_and_leaves_an_empty_list) {
  for (std::uint32_t count : {0u, 3u, 4u, 25u}) {
    auto source = list_of(count);
    edge_list moved(std::move(source));
    EXPECT_EQ(items(moved), first(count));
    EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): defined as empty
    source.push_back(5);
    EXPECT_EQ(items(source), std::vector<rev>{5});

    auto target = list_of(10);
    target = std::move(moved);
    EXPECT_EQ(items(target), first(count));
  }
}

TEST(edge_list, a_vector_of_lists_keeps_every_list_through_its_growth) {
  std::vector<edge_list> lists;
  for (std::uint32_t i = 0; i < 200; ++i) {
    lists.push_back(list_of(i % 7));
  }
  for (std::uint32_t i = 0; i < 200; ++i) {
    EXPECT_EQ(items(lists[i]), first(i % 7)) << i;
  }
}

}  // namespace
}  // namespace retort::detail
