#pragma once

// Revision ids (or branch labels) to revisions, for the graph's lookups.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort::detail {

/// Text to a revision by open addressing in one array. A node-based map allocated a node per id
/// and divided by a prime at every lookup: a quarter of building a graph of 5,000 revisions.
/// Keys are views into the graph's `revision_info`s, which outlive it. Iteration order is
/// unspecified, as with std::unordered_map.
///
/// A slot is its entry alone, free while its key has no characters behind it (a key added is
/// never such a view), and the table fills to three quarters: at 5,000 revisions that is 192 KB
/// where a flag per slot and a half-empty table took 512 KB, and each fresh page of it is a fault
/// on the way to the first lookup.
class id_index {
 public:
  using value_type = std::pair<std::string_view, std::uint32_t>;
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = id_index::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;

    const_iterator() = default;
    reference operator*() const { return *at_; }
    pointer operator->() const { return at_; }
    const_iterator& operator++() {
      ++at_;
      skip_free();
      return *this;
    }
    const_iterator operator++(int) {
      auto before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const const_iterator&, const const_iterator&) = default;

   private:
    friend class id_index;
    const_iterator(const value_type* at, const value_type* end) : at_(at), end_(end) {
      skip_free();
    }
    void skip_free() {
      while (at_ != end_ && !used(*at_)) {
        ++at_;
      }
    }
    const value_type* at_ = nullptr;
    const value_type* end_ = nullptr;
  };

  /// Room for `count` keys without growing.
  void reserve(std::size_t count) {
    if (wanted_slots(count) > slots_.size()) {
      rehash(wanted_slots(count));
    }
  }

  /// Adds `key` unless present; the entry of `key`, and whether it was added.
  std::pair<const_iterator, bool> emplace(std::string_view key, std::uint32_t value) {
    if (key.data() == nullptr) {
      key = std::string_view("", 0);  // the empty key, told apart from a free slot
    }
    reserve(size_ + 1);
    auto& found = probe(key);
    if (used(found)) {
      return {iterator_at(found), false};
    }
    found = {key, value};
    ++size_;
    return {iterator_at(found), true};
  }

  [[nodiscard]] const_iterator find(std::string_view key) const {
    if (size_ == 0) {
      return end();
    }
    const auto& found = probe(key);
    return used(found) ? iterator_at(found) : end();
  }

  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != end(); }

  /// The revision of `key`; throws std::out_of_range when there is none.
  [[nodiscard]] std::uint32_t at(std::string_view key) const {
    const auto found = find(key);
    if (found == end()) {
      throw std::out_of_range("id_index::at: " + std::string(key));
    }
    return found->second;
  }

  [[nodiscard]] const_iterator begin() const {
    return {slots_.data(), slots_.data() + slots_.size()};
  }
  [[nodiscard]] const_iterator end() const {
    const auto* last = slots_.data() + slots_.size();
    return {last, last};
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  static bool used(const value_type& s) noexcept { return s.first.data() != nullptr; }

  // A power of two that `count` fills to three quarters at most: linear probes stay a few slots
  // long even for an absent key.
  static std::size_t wanted_slots(std::size_t count) {
    std::size_t slots = 8;
    while (3 * slots < 4 * count) {
      slots *= 2;
    }
    return slots;
  }

  const_iterator iterator_at(const value_type& s) const {
    return {&s, slots_.data() + slots_.size()};
  }

  // The slot holding `key`, or the free one where it would go. The table is never full.
  const value_type& probe(std::string_view key) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = std::hash<std::string_view>{}(key)&mask;; at = (at + 1) & mask) {
      const auto& s = slots_[at];
      if (!used(s) || s.first == key) {
        return s;
      }
    }
  }
  value_type& probe(std::string_view key) {
    return const_cast<value_type&>(std::as_const(*this).probe(key));
  }

  void rehash(std::size_t slots) {
    auto old = std::exchange(slots_, std::vector<value_type>(slots));
    for (const auto& s : old) {
      if (used(s)) {
        probe(s.first) = s;
      }
    }
  }

  std::vector<value_type> slots_;
  std::size_t size_ = 0;
};

}  // namespace retort::detail
