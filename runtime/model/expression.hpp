#pragma once

#include <string>
#include <string_view>

namespace retort::model {

/// An SQL expression in a form that compares equal to what PostgreSQL prints back for it
/// (`pg_get_expr`): casts and grouping parentheses removed (PostgreSQL adds both), unneeded
/// quotes and upper case of names and keywords removed, one space between tokens. `price > 0`
/// and `(price > (0)::numeric)` both give `price > 0`; `'x'` and `'x'::text` both give `'x'`.
/// A heuristic with known blind spots: a change of a cast or of grouping alone is not seen, and
/// two equivalent spellings may differ (`a IN (1, 2)` is printed as `a = ANY (ARRAY[1, 2])`).
[[nodiscard]] std::string normalise_expression(std::string_view sql);

}  // namespace retort::model
