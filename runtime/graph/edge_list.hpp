#pragma once

// One revision's edges of one kind, for the graph's six views of its edges.

#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

namespace retort::detail {

using rev = std::uint32_t;

/// The revisions one revision names (or is named by) in one way: almost always one or two, so up
/// to three are kept inline and a list allocates nothing until its fourth. It takes 16 bytes:
/// the graph keeps six per revision, and a 32-byte small vector made them a megabyte of fresh
/// memory at 5,000 revisions. Only what building and walking the graph needs: append, copy,
/// read.
class edge_list {
 public:
  edge_list() noexcept = default;
  edge_list(const edge_list& other) { copy(other); }
  edge_list(edge_list&& other) noexcept { take(other); }
  edge_list& operator=(const edge_list& other) {
    if (this != &other) {
      release();
      copy(other);
    }
    return *this;
  }
  edge_list& operator=(edge_list&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~edge_list() { release(); }

  void push_back(rev r) {
    if (size_ < inline_capacity) {
      slots_[size_++] = r;
      return;
    }
    if (size_ == inline_capacity || size_ == slots_[0]) {
      grow();
    }
    heap()[size_++] = r;
  }

  [[nodiscard]] const rev* data() const noexcept { return on_heap() ? heap() : slots_; }
  [[nodiscard]] std::uint32_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const rev* begin() const noexcept { return data(); }
  [[nodiscard]] const rev* end() const noexcept { return data() + size_; }
  [[nodiscard]] rev front() const noexcept { return data()[0]; }
  [[nodiscard]] rev operator[](std::uint32_t i) const noexcept { return data()[i]; }

 private:
  static constexpr std::uint32_t inline_capacity = 3;

  // A list is on the heap exactly while it holds more than three: then slots_[0] is the
  // capacity and slots_[1..2] hold the bytes of the pointer to the items.
  [[nodiscard]] bool on_heap() const noexcept { return size_ > inline_capacity; }
  [[nodiscard]] rev* heap() const noexcept {
    rev* items = nullptr;
    std::memcpy(&items, &slots_[1], sizeof items);
    return items;
  }

  // Called full: at three inline, or at capacity on the heap.
  void grow() {
    const std::uint32_t room = on_heap() ? slots_[0] * 2 : 8;
    auto* items = static_cast<rev*>(::operator new(sizeof(rev) * room));
    std::memcpy(items, data(), sizeof(rev) * size_);
    if (on_heap()) {
      ::operator delete(heap());
    }
    hold(items, room);
  }

  // Into this list, empty and inline: one allocation of the exact size, made before anything
  // changes, so a copy that cannot allocate leaves nothing behind.
  void copy(const edge_list& other) {
    if (other.on_heap()) {
      auto* items = static_cast<rev*>(::operator new(sizeof(rev) * other.size_));
      std::memcpy(items, other.heap(), sizeof(rev) * other.size_);
      hold(items, other.size_);
    } else {
      std::memcpy(slots_, other.slots_, sizeof slots_);
    }
    size_ = other.size_;
  }

  // Records heap storage for `capacity` items; `size_` says, as ever, whether it is in use.
  void hold(rev* items, std::uint32_t capacity) noexcept {
    slots_[0] = capacity;
    std::memcpy(&slots_[1], &items, sizeof items);
  }

  void take(edge_list& other) noexcept {
    size_ = std::exchange(other.size_, 0);
    std::memcpy(slots_, other.slots_, sizeof slots_);
  }

  // Leaves the list empty and inline.
  void release() noexcept {
    if (on_heap()) {
      ::operator delete(heap());
    }
    size_ = 0;
  }

  std::uint32_t size_ = 0;
  rev slots_[inline_capacity]{};
};

}  // namespace retort::detail
