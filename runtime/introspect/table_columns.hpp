#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <retort/operations.hpp>

#include "pg/session.hpp"

namespace retort::introspect {

/// The columns of one table, view or foreign table (its own and inherited), with their types
/// and nullability; empty when there is no such relation. An empty `schema` means the search
/// path.
[[nodiscard]] std::optional<std::vector<ops::column_definition>> read_table_columns(
    pg::session& session, std::string_view schema, std::string_view table);

}  // namespace retort::introspect
