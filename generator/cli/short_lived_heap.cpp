#include "cli/short_lived_heap.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace retort::cli {

namespace {

// x86-64's transparent huge page; where pages are larger (arm64 with 64 KiB pages), the advised
// range below comes out empty and nothing changes.
constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
// What the heap grows by at a time; blocks up to this size come from it, not from mappings of
// their own.
constexpr int heap_step = 32 << 20;

// Whoever sets glibc's own huge-page tunable decides, either way.
bool huge_pages_left_to_glibc() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables != nullptr &&
         std::string_view(tunables).find("glibc.malloc.hugetlb=") != std::string_view::npos;
}

}  // namespace

void prepare_short_lived_heap() noexcept {
  // A process that exits within milliseconds gains nothing by handing memory back, and loses
  // by it: every block it frees and takes again costs fresh pages, each a page fault (a large
  // block had a mapping of its own, unmapped when freed). So nothing is given back, and large
  // blocks come from the heap.
  ::mallopt(M_MMAP_THRESHOLD, heap_step);
  ::mallopt(M_TRIM_THRESHOLD, 1 << 30);
  ::mallopt(M_TOP_PAD, heap_step);
  if (huge_pages_left_to_glibc()) {
    return;
  }
  // The heap grows by a step now, and that step is advised for huge pages: one fault per 2 MiB
  // instead of one per 4 KiB where transparent huge pages are on for advised memory (Debian's
  // default). glibc's hugetlb tunable would advise every growth, but tunables are read only
  // when a process starts; growth past this first step gets ordinary pages.
  const auto before = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  void* volatile growth = std::malloc(std::size_t{1} << 20);  // volatile: not elided with free
  std::free(growth);
  const auto after = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  const auto first = (before + huge_page - 1) & ~(huge_page - 1);
  const auto last = after & ~(huge_page - 1);
  // Nothing is advised when sbrk fails, or when the allocator does not take memory from brk
  // (a sanitizer's or valgrind's).
  if (before != static_cast<std::uintptr_t>(-1) && last > first) {
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
}

}  // namespace retort::cli
