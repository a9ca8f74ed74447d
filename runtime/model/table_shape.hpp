#pragma once

#include <retort/operations.hpp>

#include <functional>
#include <string>
#include <vector>

namespace retort::model {

/// How a table differs from what a data step's typed-row struct expects of one column.
struct shape_difference {
  enum class kind : std::uint8_t { missing_table, missing_column, other_type, may_be_null };
  kind what;
  std::string column{};    ///< empty for `missing_table`
  column_type expected{};  ///< the struct's type
  column_type found{};     ///< the table's type, for `other_type`
};

/// What keeps `columns` (a table's columns; null when there is no such table) from holding the
/// rows `shape` describes: a column missing, of another type, or nullable where the struct's
/// member cannot hold NULL. Types are compared as PostgreSQL stores them (a serial is its integer
/// type, a type in `default_schema` is unqualified). Extra columns are no difference.
[[nodiscard]] std::vector<shape_difference> shape_differences(
    const ops::table_shape& shape, const std::vector<ops::column_definition>* columns,
    std::string_view default_schema = "public");

/// Each difference in words (`producers.id is bigint, but integer in producer_row`), with
/// types as `type_text` prints them.
[[nodiscard]] std::vector<std::string> describe(
    const ops::table_shape& shape, const std::vector<shape_difference>& differences,
    const std::function<std::string(const column_type&)>& type_text);

}  // namespace retort::model
