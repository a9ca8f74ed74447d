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
class id_index {
  struct slot;

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
    reference operator*() const { return at_->entry; }
    pointer operator->() const { return &at_->entry; }
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
    const_iterator(const slot* at, const slot* end) : at_(at), end_(end) { skip_free(); }
    void skip_free() {
      while (at_ != end_ && !at_->used) {
        ++at_;
      }
    }
    const slot* at_ = nullptr;
    const slot* end_ = nullptr;
  };

  /// Room for `count` keys without growing.
  void reserve(std::size_t count) {
    if (wanted_slots(count) > slots_.size()) {
      rehash(wanted_slots(count));
    }
  }

  /// Adds `key` unless present; the entry of `key`, and whether it was added.
  std::pair<const_iterator, bool> emplace(std::string_view key, std::uint32_t value) {
    reserve(size_ + 1);
    auto& found = probe(key);
    if (found.used) {
      return {iterator_at(found), false};
    }
    found = {{key, value}, true};
    ++size_;
    return {iterator_at(found), true};
  }

  [[nodiscard]] const_iterator find(std::string_view key) const {
    if (size_ == 0) {
      return end();
    }
    const auto& found = probe(key);
    return found.used ? iterator_at(found) : end();
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
  struct slot {
    value_type entry{};
    bool used = false;
  };

  // A power of two at least twice `count`: probes stay short at half full.
  static std::size_t wanted_slots(std::size_t count) {
    std::size_t slots = 8;
    while (slots < 2 * count) {
      slots *= 2;
    }
    return slots;
  }

  const_iterator iterator_at(const slot& s) const { return {&s, slots_.data() + slots_.size()}; }

  // The slot holding `key`, or the free one where it would go. The table is never full.
  const slot& probe(std::string_view key) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = std::hash<std::string_view>{}(key)&mask;; at = (at + 1) & mask) {
      const auto& s = slots_[at];
      if (!s.used || s.entry.first == key) {
        return s;
      }
    }
  }
  slot& probe(std::string_view key) { return const_cast<slot&>(std::as_const(*this).probe(key)); }

  void rehash(std::size_t slots) {
    auto old = std::exchange(slots_, std::vector<slot>(slots));
    for (const auto& s : old) {
      if (s.used) {
        probe(s.entry.first) = s;
      }
    }
  }

  std::vector<slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace retort::detail
