#pragma once

#include <string>

#include <retort/operations.hpp>

namespace retort::render {

/// The statements of a backfill, as the executor runs them batch by batch. `first_*` start at
/// the lowest key; `next_*` take the last key done as `$1` (text, read as the key's type).
struct backfill_sql {
  /// With `set`: update one batch and return its last key (text; NULL when there was no row),
  /// the rows it selected and the rows it changed.
  std::string first_update;
  std::string next_update;
  /// With `each`: the last key and row count of one batch, then its rows (`$1` the batch's last
  /// key; `$2` for `next_rows` the previous one), in key order.
  std::string first_bounds;
  std::string next_bounds;
  std::string first_rows;
  std::string next_rows;
  /// Whether `key` has a unique index of its own and is NOT NULL: `$1` schema, `$2` table, `$3`
  /// column; one boolean.
  std::string key_is_unique;
  /// An estimate of the table's rows, for the time left: `$1` the qualified table name.
  std::string estimated_rows;
};

/// Renders `o`; throws `error` for a backfill an identifier or its SQL makes impossible.
[[nodiscard]] backfill_sql render_backfill(const ops::backfill& o);

/// The whole backfill as one `DO` block for an offline script: PL/pgSQL that commits after each
/// batch (run outside a transaction block). Throws `error` for a backfill with C++ code.
[[nodiscard]] std::string backfill_script(const ops::backfill& o);

}  // namespace retort::render
