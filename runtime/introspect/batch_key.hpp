#pragma once

#include <cstdint>
#include <string_view>

#include "pg/session.hpp"

namespace retort::introspect {

/// Whether `column` of `table` (empty `schema`: the search path) can order batches exactly: NOT
/// NULL, with a valid unique index of its own (no other key columns, no predicate, no
/// expression). Anything else would let keyset batches skip or repeat rows.
[[nodiscard]] bool is_batch_key(pg::session& session, std::string_view schema,
                                std::string_view table, std::string_view column);

/// The planner's estimate of `table`'s rows (`reltuples`; 0 when never analysed).
[[nodiscard]] std::int64_t estimated_rows(pg::session& session, std::string_view schema,
                                          std::string_view table);

}  // namespace retort::introspect
