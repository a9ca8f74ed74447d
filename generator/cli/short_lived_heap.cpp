// Replaces the global operator new and delete of the program it is linked into.
#include "cli/short_lived_heap.hpp"

#include <cstddef>
#include <cstdlib>
#include <new>

#include "cli/bump_region.hpp"

#if !defined(__SANITIZE_ADDRESS__)

namespace {

// Address space, not memory: pages are committed as they are touched. `heads` on 5,000
// revisions uses about 7 MiB of it, an offline script of 5,000 migrations about 30.
constexpr std::size_t region_size = std::size_t{64} << 20;

// Constant-initialized, so usable by any allocation made before main().
constinit retort::cli::bump_region region;

void* allocate(std::size_t size, std::size_t alignment) {
  if (void* p = region.allocate(size == 0 ? 1 : size, alignment)) {
    return p;
  }
  for (;;) {
    void* p = alignment <= __STDCPP_DEFAULT_NEW_ALIGNMENT__
                  ? std::malloc(size == 0 ? 1 : size)
                  : std::aligned_alloc(alignment, (size + alignment - 1) & ~(alignment - 1));
    if (p != nullptr) {
      return p;
    }
    const auto handler = std::get_new_handler();
    if (handler == nullptr) {
      throw std::bad_alloc();
    }
    handler();
  }
}

void* allocate(std::size_t size, std::size_t alignment, const std::nothrow_t&) noexcept {
  try {
    return allocate(size, alignment);
  } catch (...) {
    return nullptr;
  }
}

void release(void* p) noexcept {
  if (!region.contains(p)) {
    std::free(p);
  }
}

void release(void* p, std::size_t size) noexcept {
  if (region.contains(p)) {
    region.release(p, size == 0 ? 1 : size);
  } else {
    std::free(p);
  }
}

constexpr std::size_t default_alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

}  // namespace

namespace retort::cli {

void allocate_for_a_short_life() noexcept {
  if (huge_pages_on_request()) {
    (void)region.map(region_size);
  }
}

}  // namespace retort::cli

void* operator new(std::size_t size) {
  return allocate(size, default_alignment);
}
void* operator new[](std::size_t size) {
  return allocate(size, default_alignment);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate(size, static_cast<std::size_t>(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate(size, static_cast<std::size_t>(alignment));
}
void* operator new(std::size_t size, const std::nothrow_t& nothrow) noexcept {
  return allocate(size, default_alignment, nothrow);
}
void* operator new[](std::size_t size, const std::nothrow_t& nothrow) noexcept {
  return allocate(size, default_alignment, nothrow);
}
void* operator new(std::size_t size, std::align_val_t alignment,
                   const std::nothrow_t& nothrow) noexcept {
  return allocate(size, static_cast<std::size_t>(alignment), nothrow);
}
void* operator new[](std::size_t size, std::align_val_t alignment,
                     const std::nothrow_t& nothrow) noexcept {
  return allocate(size, static_cast<std::size_t>(alignment), nothrow);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t size) noexcept {
  release(p, size);
}
void operator delete[](void* p, std::size_t size) noexcept {
  release(p, size);
}
void operator delete(void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t size, std::align_val_t) noexcept {
  release(p, size);
}
void operator delete[](void* p, std::size_t size, std::align_val_t) noexcept {
  release(p, size);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  release(p);
}

#else

void retort::cli::allocate_for_a_short_life() noexcept {}

#endif
