#include "cli/bump_region.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string_view>

namespace retort::cli {

namespace {

constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;

}  // namespace

bool bump_region::map(std::size_t size) noexcept {
  if (begin_ != nullptr || size == 0 || size > SIZE_MAX - huge_page) {
    return false;
  }
  // One huge page more than asked, so that a whole number of them fits from a boundary on.
  void* mapped = ::mmap(nullptr, size + huge_page, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapped == MAP_FAILED) {
    return false;
  }
  const auto address = reinterpret_cast<std::uintptr_t>(mapped);
  auto* aligned = reinterpret_cast<std::byte*>((address + huge_page - 1) & ~(huge_page - 1));
  if (::madvise(aligned, size, MADV_HUGEPAGE) != 0) {
    ::munmap(mapped, size + huge_page);
    return false;
  }
  begin_ = aligned;
  size_ = size;
  return true;
}

void* bump_region::allocate(std::size_t size, std::size_t alignment) noexcept {
  if (begin_ == nullptr) {
    return nullptr;
  }
  std::size_t used = used_.load(std::memory_order_relaxed);
  for (;;) {
    const std::size_t start = (used + alignment - 1) & ~(alignment - 1);
    if (start < used || start > size_ || size > size_ - start) {
      return nullptr;
    }
    // Relaxed: each block goes to one caller, and nothing else is published through `used_`.
    if (used_.compare_exchange_weak(used, start + size, std::memory_order_relaxed)) {
      return begin_ + start;
    }
  }
}

bool bump_region::contains(const void* p) const noexcept {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const auto begin = reinterpret_cast<std::uintptr_t>(begin_);
  return begin_ != nullptr && at >= begin && at - begin < size_;
}

void bump_region::release(void* p, std::size_t size) noexcept {
  if (!contains(p)) {
    return;
  }
  const auto start = static_cast<std::size_t>(static_cast<std::byte*>(p) - begin_);
  std::size_t end = start + size;
  // Fails, harmlessly, when another block was handed out since.
  used_.compare_exchange_strong(end, start, std::memory_order_relaxed);
}

bool huge_pages_on_request() noexcept {
  const int fd = ::open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  char text[128];
  const auto got = ::read(fd, text, sizeof(text));
  ::close(fd);
  if (got <= 0) {
    return false;
  }
  const std::string_view modes(text, static_cast<std::size_t>(got));
  return modes.find("[always]") != std::string_view::npos ||
         modes.find("[madvise]") != std::string_view::npos;
}

}  // namespace retort::cli
