#include "introspect/column_types.hpp"

#include <array>
#include <utility>

namespace retort::introspect {

namespace {

// pg_type.typname of each built-in kind; the serials have none (they are integers).
constexpr std::array<std::pair<std::string_view, type_kind>, 19> builtin{{
    {"int2", type_kind::smallint},
    {"int4", type_kind::integer},
    {"int8", type_kind::bigint},
    {"numeric", type_kind::numeric},
    {"float4", type_kind::real},
    {"float8", type_kind::double_precision},
    {"bool", type_kind::boolean},
    {"text", type_kind::text},
    {"varchar", type_kind::varchar},
    {"bpchar", type_kind::character},
    {"date", type_kind::date},
    {"time", type_kind::time},
    {"timetz", type_kind::time_tz},
    {"timestamp", type_kind::timestamp},
    {"timestamptz", type_kind::timestamp_tz},
    {"interval", type_kind::interval},
    {"uuid", type_kind::uuid},
    {"json", type_kind::json},
    {"jsonb", type_kind::jsonb},
}};

// The interval typmod keeps its fields in the high bits; 0xFFFF means "no precision".
constexpr int interval_precision_mask = 0xFFFF;
// varlena types store typmod as the length plus the 4-byte header.
constexpr int varlena_header = 4;

// `day to second` of ` day to second(3)`.
interval_fields fields_of(std::string_view printed) {
  printed = printed.substr(0, printed.find('('));
  while (!printed.empty() && printed.front() == ' ') {
    printed.remove_prefix(1);
  }
  while (!printed.empty() && printed.back() == ' ') {
    printed.remove_suffix(1);
  }
  for (auto f = static_cast<int>(interval_fields::year);
       f <= static_cast<int>(interval_fields::minute_to_second); ++f) {
    if (interval_fields_sql(static_cast<interval_fields>(f)) == printed) {
      return static_cast<interval_fields>(f);
    }
  }
  return interval_fields::all;
}

}  // namespace

column_type from_catalog(std::string_view type_schema, std::string_view type_name, int typmod,
                         std::string_view printed_modifier) {
  if (type_name == "bytea" && type_schema == "pg_catalog") {
    return {.kind = type_kind::bytea};
  }
  for (const auto& [name, kind] : builtin) {
    if (name != type_name || type_schema != "pg_catalog") {
      continue;
    }
    column_type t{.kind = kind};
    switch (kind) {
      case type_kind::varchar:
      case type_kind::character:
        if (typmod >= varlena_header) {
          t.length = typmod - varlena_header;
        }
        break;
      case type_kind::numeric:
        if (typmod >= varlena_header) {
          auto packed = typmod - varlena_header;
          t.precision = (packed >> 16) & 0xFFFF;
          // The scale is an 11-bit signed number since PostgreSQL 15.
          auto scale = packed & 0x7FF;
          t.scale = (scale ^ 0x400) - 0x400;
        }
        break;
      case type_kind::time:
      case type_kind::time_tz:
      case type_kind::timestamp:
      case type_kind::timestamp_tz:
        if (typmod >= 0) {
          t.precision = typmod;
        }
        break;
      case type_kind::interval:
        if (typmod >= 0 && (typmod & interval_precision_mask) != interval_precision_mask) {
          t.precision = typmod & interval_precision_mask;
        }
        t.fields = fields_of(printed_modifier);
        break;
      default:
        break;
    }
    return t;
  }
  column_type custom{.kind = type_kind::custom,
                     .custom_name = std::string(type_name),
                     .custom_schema = std::string(type_schema)};
  if (typmod >= 0 && printed_modifier.size() > 2 && printed_modifier.front() == '(' &&
      printed_modifier.back() == ')') {
    custom.custom_modifiers = std::string(printed_modifier.substr(1, printed_modifier.size() - 2));
  }
  return custom;
}

}  // namespace retort::introspect
