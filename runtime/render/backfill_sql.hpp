#pragma once

#include <string>

#include <retort/operations.hpp>

namespace retort::render {

/// The statements of a backfill, as the executor runs them batch by batch: first the bounds of
/// the next batch, then its update (or its rows, for C++ code) within them. Keys travel as text
/// parameters, read as the key's type. `first_*` start at the lowest key; `next_*` take the
/// last key done as `$1` (bounds) or `$2` (update, rows).
struct backfill_sql {
  /// The batch's last key (text; NULL when no row is left) and its row count.
  std::string first_bounds;
  std::string next_bounds;
  /// With `set`: the update of the rows up to the batch's last key, `$1`. A range, not a join
  /// with the batch's keys, so PostgreSQL reads the rows in one index range scan.
  std::string first_update;
  std::string next_update;
  /// With `each`: the rows up to the batch's last key, `$1`, in key order.
  std::string first_rows;
  std::string next_rows;
};

/// Renders `o`; throws `error` for a backfill an identifier or its SQL makes impossible.
[[nodiscard]] backfill_sql render_backfill(const ops::backfill& o);

/// The whole backfill as one `DO` block for an offline script: PL/pgSQL that commits after each
/// batch (run outside a transaction block). Throws `error` for a backfill with C++ code.
[[nodiscard]] std::string backfill_script(const ops::backfill& o);

}  // namespace retort::render
