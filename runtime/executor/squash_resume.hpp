#pragma once

#include <string_view>

#include <retort/operations.hpp>

namespace retort::executor {

/// The operations of a squash revision that a database still at `replaced` (a revision it
/// replaces) has yet to run: those after `replaced`'s squash point. Throws `migration_code_error`
/// when the operations hold no point for `replaced`, or hold it twice.
[[nodiscard]] operations after_squash_point(const operations& ops, std::string_view replaced,
                                            std::string_view revision);

}  // namespace retort::executor
