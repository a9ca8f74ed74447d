#pragma once

#include <retort/operations.hpp>

namespace retort {

/// The operation that undoes `op`, derived from the data `op` carries (Alembic's `reverse()`).
/// Throws `irreversible_operation` when `op` lacks what its reverse needs, such as a
/// `drop_column` without `existing`, saying what to add.
[[nodiscard]] operation reverse(const operation& op);

/// The reverse of a sequence: each operation reversed, in the opposite order.
[[nodiscard]] operations reverse(const operations& sequence);

}  // namespace retort
