#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pg_query/pg_query.pb-c.h>

/// Which column type changes PostgreSQL makes without rewriting the table: the knowledge behind
/// `changing-column-type`, kept apart from the walk over statements.
namespace retort::lint {

/// A type as PostgreSQL's grammar reads it: `character varying(20)` and `varchar(20)` are both
/// `varchar` with modifier 20; `timestamp with time zone` is `timestamptz`.
struct spelled_type {
  std::string name;                     ///< the last part of the name, as the grammar gives it
  std::vector<std::int64_t> modifiers;  ///< integer type modifiers, in order
  bool other_modifiers = false;         ///< a modifier that is not an integer literal
  std::size_t array_dimensions = 0;

  friend bool operator==(const spelled_type&, const spelled_type&) = default;
};

[[nodiscard]] spelled_type spelled(const PgQuery__TypeName& type);
/// Reads a type written as SQL (`numeric(10, 2)`); nothing when it does not parse as one.
[[nodiscard]] std::optional<spelled_type> spelled(std::string_view sql_type);

/// Whether `ALTER COLUMN ... TYPE to` rewrites the table when the column is `from`. Only the
/// changes PostgreSQL documents as binary-coercible or modifier-relaxing are free: a longer or
/// unlimited `varchar` and `varbit`, `varchar` to `text` and back without a limit, more
/// precision at the same scale for `numeric`, more fractional digits for the time types,
/// `cidr` to `inet`. Everything else, and anything unsure, counts as a rewrite.
[[nodiscard]] bool rewrites_table(const spelled_type& from, const spelled_type& to);

}  // namespace retort::lint
