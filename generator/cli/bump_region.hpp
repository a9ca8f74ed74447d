#pragma once

#include <atomic>
#include <cstddef>

namespace retort::cli {

/// A range of address space handed out front to back and never taken back: for a process that
/// allocates a few megabytes of small objects in a few milliseconds and then ends. Safe to
/// allocate from on several threads at once.
class bump_region {
 public:
  constexpr bump_region() noexcept = default;
  bump_region(const bump_region&) = delete;
  bump_region& operator=(const bump_region&) = delete;
  /// Never unmapped: what it handed out may be released until the process ends.
  ~bump_region() = default;

  /// Maps `size` bytes of address space, none of it committed until touched, starting on a
  /// 2 MiB boundary and asking the kernel for transparent huge pages there. False, and nothing
  /// mapped, when either fails or a region is already mapped. Before anything is allocated from
  /// it, on one thread.
  bool map(std::size_t size) noexcept;

  /// `size` bytes aligned to `alignment` (a power of two); null when the region is not mapped or
  /// has no room left.
  [[nodiscard]] void* allocate(std::size_t size, std::size_t alignment) noexcept;

  [[nodiscard]] bool contains(const void* p) const noexcept;

  /// Takes back `p`, `size` bytes from allocate(), when it is the last block handed out: the
  /// scratch buffers of a loop are often released in the order opposite to their allocation.
  /// Anything else stays where it is.
  void release(void* p, std::size_t size) noexcept;

  /// Bytes handed out so far, alignment padding included.
  [[nodiscard]] std::size_t used() const noexcept { return used_.load(std::memory_order_relaxed); }

 private:
  std::byte* begin_ = nullptr;
  std::size_t size_ = 0;
  std::atomic<std::size_t> used_{0};
};

/// Whether the kernel backs memory with transparent huge pages when asked to (its mode is
/// `always` or `madvise`). Without them a bump region faults in as many small pages as the
/// allocator would, and reuses none of them.
[[nodiscard]] bool huge_pages_on_request() noexcept;

}  // namespace retort::cli
