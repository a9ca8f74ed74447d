#pragma once

namespace retort::cli {

/// Sets the C library's allocator up for a process that answers in milliseconds and exits: it
/// keeps the memory it takes, and takes it in large pages where the system offers them. For
/// the front door's own verbs only: retort-full, which may run for hours, keeps the defaults.
void prepare_short_lived_heap() noexcept;

}  // namespace retort::cli
