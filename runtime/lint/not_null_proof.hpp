#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <pg_query/pg_query.pb-c.h>

/// When a CHECK constraint already proves a column NOT NULL, PostgreSQL 12 and later skip the
/// scan of `SET NOT NULL`: the fact behind `setting-not-null`'s safe pattern.
namespace retort::lint {

/// The columns a CHECK condition proves not null: `col IS NOT NULL`, alone or joined by AND.
[[nodiscard]] std::vector<std::string> columns_proved_not_null(const PgQuery__Node* condition);
/// The same for a condition written as SQL; nothing when it does not parse.
[[nodiscard]] std::vector<std::string> columns_proved_not_null(std::string_view condition_sql);

}  // namespace retort::lint
