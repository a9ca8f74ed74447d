#pragma once

namespace retort::cli {

/// Sets the C library's allocator up for a process that answers in milliseconds and exits: it
/// keeps the memory it takes, and the main heap's first 32 MiB come in huge pages where the
/// system offers them for advised memory (a second thread's arena keeps small pages). For the
/// front door's own verbs only: retort-full, which may run for hours, is exec'd with the
/// defaults.
void prepare_short_lived_heap() noexcept;

}  // namespace retort::cli
