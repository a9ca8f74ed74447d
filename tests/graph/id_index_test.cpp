// The graph's index of ids and labels behaves as the map it replaced: one entry per key, found
// again after any growth, absent keys never found.
#include "graph/id_index.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace retort::detail {
namespace {

TEST(id_index, an_empty_index_finds_nothing) {
  const id_index index;
  EXPECT_EQ(index.find("a1"), index.end());
  EXPECT_FALSE(index.contains(""));
  EXPECT_EQ(index.begin(), index.end());
  EXPECT_TRUE(index.empty());
  EXPECT_THROW((void)index.at("a1"), std::out_of_range);
}

TEST(id_index, a_key_is_added_once_and_keeps_its_first_revision) {
  const std::string a = "ae1027a6acf", b = "27c6a30d7c24";
  id_index index;
  auto [first, added] = index.emplace(a, 0);
  EXPECT_TRUE(added);
  EXPECT_EQ(first->first, a);
  EXPECT_EQ(first->second, 0u);
  auto [again, added_again] = index.emplace(std::string(a), 7);  // equal text, another string
  EXPECT_FALSE(added_again);
  EXPECT_EQ(again->second, 0u);
  EXPECT_TRUE(index.emplace(b, 1).second);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.at(a), 0u);
  EXPECT_EQ(index.at(b), 1u);
  EXPECT_FALSE(index.contains("ae1027a6ac"));  // a prefix is another key
  EXPECT_FALSE(index.contains("ae1027a6acf0"));
}

TEST(id_index, every_key_survives_growth_and_is_visited_once) {
  std::vector<std::string> keys;
  for (int i = 0; i < 20000; ++i) {
    keys.push_back("r" + std::to_string(i * 7919));
  }
  id_index index;
  index.reserve(10);  // grows many times over
  for (std::uint32_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(index.emplace(keys[i], i).second);
  }
  ASSERT_EQ(index.size(), keys.size());
  for (std::uint32_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(index.at(keys[i]), i) << keys[i];
  }
  for (int i = 0; i < 20000; ++i) {
    ASSERT_FALSE(index.contains("s" + std::to_string(i * 7919)));
  }
  std::vector<std::uint32_t> visited;
  for (const auto& [key, r] : index) {
    EXPECT_EQ(key, keys[r]);
    visited.push_back(r);
  }
  std::sort(visited.begin(), visited.end());
  ASSERT_EQ(visited.size(), keys.size());
  for (std::uint32_t i = 0; i < visited.size(); ++i) {
    ASSERT_EQ(visited[i], i);
  }
}

// A free slot is one whose key views no characters; an empty key added as a view of nothing must
// still be found, and must not take a later key's place.
TEST(id_index, an_empty_key_is_a_key_like_any_other) {
  id_index index;
  EXPECT_TRUE(index.emplace(std::string_view{}, 3).second);
  EXPECT_FALSE(index.emplace("", 4).second);
  EXPECT_TRUE(index.emplace("a1", 5).second);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.at(""), 3u);
  EXPECT_EQ(index.at(std::string_view{}), 3u);
  EXPECT_EQ(index.at("a1"), 5u);
  EXPECT_EQ(std::distance(index.begin(), index.end()), 2);
}

}  // namespace
}  // namespace retort::detail
