#include "model/table_shape.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace retort::model {

namespace {

column_type stored(column_type type, std::string_view default_schema) {
  switch (type.kind) {
    case type_kind::smallserial:
      type.kind = type_kind::smallint;
      break;
    case type_kind::serial:
      type.kind = type_kind::integer;
      break;
    case type_kind::bigserial:
      type.kind = type_kind::bigint;
      break;
    default:
      break;
  }
  if (type.kind == type_kind::custom &&
      (type.custom_schema == default_schema || type.custom_schema == "pg_catalog")) {
    type.custom_schema.clear();
  }
  return type;
}

}  // namespace

std::vector<shape_difference> shape_differences(const ops::table_shape& shape,
                                                const std::vector<ops::column_definition>* columns,
                                                std::string_view default_schema) {
  using kind = shape_difference::kind;
  if (columns == nullptr) {
    return {{.what = kind::missing_table}};
  }
  std::vector<shape_difference> out;
  for (const auto& expected : shape.columns) {
    auto found = std::find_if(columns->begin(), columns->end(),
                              [&](const auto& c) { return c.name == expected.name; });
    if (found == columns->end()) {
      out.push_back(
          {.what = kind::missing_column, .column = expected.name, .expected = expected.type});
      continue;
    }
    auto want = stored(expected.type, default_schema);
    auto have = stored(found->type, default_schema);
    if (want != have) {
      out.push_back(
          {.what = kind::other_type, .column = expected.name, .expected = want, .found = have});
    } else if (found->nullable && !expected.nullable) {
      out.push_back({.what = kind::may_be_null, .column = expected.name, .expected = want});
    }
  }
  return out;
}

std::vector<std::string> describe(const ops::table_shape& shape,
                                  const std::vector<shape_difference>& differences,
                                  const std::function<std::string(const column_type&)>& type_text) {
  const auto table = shape.schema.empty() ? shape.table : shape.schema + "." + shape.table;
  const auto row = shape.row_type.empty() ? std::string("its row struct") : shape.row_type;
  std::vector<std::string> out;
  for (const auto& d : differences) {
    using kind = shape_difference::kind;
    switch (d.what) {
      case kind::missing_table:
        out.push_back(fmt::format("table {} does not exist", table));
        break;
      case kind::missing_column:
        out.push_back(fmt::format("{} has no column {} ({} in {})", table, d.column,
                                  type_text(d.expected), row));
        break;
      case kind::other_type:
        out.push_back(fmt::format("{}.{} is {}, but {} in {}", table, d.column, type_text(d.found),
                                  type_text(d.expected), row));
        break;
      case kind::may_be_null:
        out.push_back(fmt::format("{}.{} may be NULL, but its member in {} is not a std::optional",
                                  table, d.column, row));
        break;
    }
  }
  return out;
}

}  // namespace retort::model
