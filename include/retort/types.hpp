#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <retort/identifier.hpp>

namespace retort {

/// The PostgreSQL column types retort knows by name.
enum class type_kind : std::uint8_t {
  smallint,
  integer,
  bigint,
  smallserial,
  serial,
  bigserial,
  numeric,
  real,
  double_precision,
  boolean,
  text,
  varchar,
  character,
  date,
  time,
  time_tz,
  timestamp,
  timestamp_tz,
  interval,
  uuid,
  json,
  jsonb,
  bytea,
  custom,  ///< a named type: an enum, a domain, an extension's type such as `citext`
};

/// The fields an interval keeps: `interval day to second`. `all` is a plain `interval`.
enum class interval_fields : std::uint8_t {
  all,
  year,
  month,
  day,
  hour,
  minute,
  second,
  year_to_month,
  day_to_hour,
  day_to_minute,
  day_to_second,
  hour_to_minute,
  hour_to_second,
  minute_to_second,
};

/// The fields as SQL writes them after `interval` (`day to second`); empty for `all`. The
/// enumerator's name is the same words joined by `_`.
constexpr std::string_view interval_fields_sql(interval_fields fields) {
  switch (fields) {
    case interval_fields::all:
      return "";
    case interval_fields::year:
      return "year";
    case interval_fields::month:
      return "month";
    case interval_fields::day:
      return "day";
    case interval_fields::hour:
      return "hour";
    case interval_fields::minute:
      return "minute";
    case interval_fields::second:
      return "second";
    case interval_fields::year_to_month:
      return "year to month";
    case interval_fields::day_to_hour:
      return "day to hour";
    case interval_fields::day_to_minute:
      return "day to minute";
    case interval_fields::day_to_second:
      return "day to second";
    case interval_fields::hour_to_minute:
      return "hour to minute";
    case interval_fields::hour_to_second:
      return "hour to second";
    case interval_fields::minute_to_second:
      return "minute to second";
  }
  return "";
}

/// A column type as plain data; build one with the functions in `op::type`.
struct column_type {
  type_kind kind = type_kind::text;
  std::optional<int> length{};     ///< varchar(n), char(n)
  std::optional<int> precision{};  ///< numeric(p, s), time(p), timestamp(p), interval(p)
  std::optional<int> scale{};      ///< numeric(p, s)
  std::string custom_name{};       ///< for `custom`
  std::string custom_schema{};     ///< for `custom`; empty means the search path
  int array_dimensions = 0;        ///< 0 for a scalar, 1 for `t[]`, 2 for `t[][]`, ...
  /// For `custom`: the type's modifiers as PostgreSQL prints them inside the parentheses:
  /// `24` of `bit(24)`, `Point,4326` of `geometry(Point,4326)`, `1536` of `vector(1536)`.
  std::string custom_modifiers{};
  interval_fields fields = interval_fields::all;  ///< for `interval`

  friend bool operator==(const column_type&, const column_type&) = default;
};

namespace op::type {

using retort::interval_fields;

namespace detail {
// Non-constexpr on purpose: reaching it during constant evaluation is the compile error.
inline void type_parameter_out_of_range() {}
}  // namespace detail

/// An integer type parameter checked at compile time, so `varchar(0)` fails the build.
template <int Min, int Max>
struct bounded {
  int value;
  consteval bounded(int v) : value(v) {  // NOLINT: implicit on purpose
    if (v < Min || v > Max) {
      detail::type_parameter_out_of_range();
    }
  }
};

// clang-format off
inline column_type smallint() { return {.kind = type_kind::smallint}; }
inline column_type integer() { return {.kind = type_kind::integer}; }
inline column_type bigint() { return {.kind = type_kind::bigint}; }
/// A `smallserial` column: smallint with an owned sequence as its default.
inline column_type smallserial() { return {.kind = type_kind::smallserial}; }
inline column_type serial() { return {.kind = type_kind::serial}; }
inline column_type bigserial() { return {.kind = type_kind::bigserial}; }
inline column_type real() { return {.kind = type_kind::real}; }
inline column_type double_precision() { return {.kind = type_kind::double_precision}; }
inline column_type boolean() { return {.kind = type_kind::boolean}; }
inline column_type text() { return {.kind = type_kind::text}; }
inline column_type date() { return {.kind = type_kind::date}; }
inline column_type uuid() { return {.kind = type_kind::uuid}; }
inline column_type json() { return {.kind = type_kind::json}; }
inline column_type jsonb() { return {.kind = type_kind::jsonb}; }
inline column_type bytea() { return {.kind = type_kind::bytea}; }
// clang-format on

/// `numeric` with no precision: any number of digits.
inline column_type numeric() {
  return {.kind = type_kind::numeric};
}
/// `numeric(precision, scale)`.
inline column_type numeric(bounded<1, 1000> precision, bounded<-1000, 1000> scale = 0) {
  return {.kind = type_kind::numeric, .precision = precision.value, .scale = scale.value};
}

/// `varchar` without a length limit.
inline column_type varchar() {
  return {.kind = type_kind::varchar};
}
/// `varchar(length)`.
inline column_type varchar(bounded<1, 10485760> length) {
  return {.kind = type_kind::varchar, .length = length.value};
}
/// `char(length)`.
inline column_type character(bounded<1, 10485760> length = 1) {
  return {.kind = type_kind::character, .length = length.value};
}

/// Time types take an optional fractional-seconds precision from 0 to 6.
using time_precision = bounded<0, 6>;

// clang-format off
/// `time without time zone`.
inline column_type time() { return {.kind = type_kind::time}; }
inline column_type time(time_precision p) { return {.kind = type_kind::time, .precision = p.value}; }
/// `time with time zone`.
inline column_type time_tz() { return {.kind = type_kind::time_tz}; }
inline column_type time_tz(time_precision p) { return {.kind = type_kind::time_tz, .precision = p.value}; }
/// `timestamp without time zone`.
inline column_type timestamp() { return {.kind = type_kind::timestamp}; }
inline column_type timestamp(time_precision p) { return {.kind = type_kind::timestamp, .precision = p.value}; }
/// `timestamp with time zone`, the usual choice for points in time.
inline column_type timestamp_tz() { return {.kind = type_kind::timestamp_tz}; }
inline column_type timestamp_tz(time_precision p) { return {.kind = type_kind::timestamp_tz, .precision = p.value}; }
/// `interval`.
inline column_type interval() { return {.kind = type_kind::interval}; }
inline column_type interval(time_precision p) { return {.kind = type_kind::interval, .precision = p.value}; }
/// An interval that keeps only some fields: `interval(interval_fields::day_to_second, 3)`.
inline column_type interval(interval_fields fields) { return {.kind = type_kind::interval, .fields = fields}; }
inline column_type interval(interval_fields fields, time_precision p) {
  return {.kind = type_kind::interval, .precision = p.value, .fields = fields};
}
// clang-format on

/// An array of `element`, with `dimensions` levels of brackets (`text[]`, `int[][]`).
inline column_type array(column_type element, bounded<1, 6> dimensions = 1) {
  element.array_dimensions = dimensions.value;
  return element;
}

/// A named type: an enum, a domain, or an extension's type (`citext`, `vector`, ...).
inline column_type custom(name type_name) {
  return {.kind = type_kind::custom, .custom_name = type_name.str()};
}
/// A named type in a given schema.
inline column_type custom(name schema, name type_name) {
  return {.kind = type_kind::custom, .custom_name = type_name.str(), .custom_schema = schema.str()};
}

struct custom_options {
  std::string schema{};  ///< empty: the search path
  /// What goes inside the type's parentheses: `"24"` for `bit(24)`, `"Point,4326"`. Letters,
  /// digits, spaces and `_ , . + -` only.
  std::string modifiers{};
};
/// A named type with modifiers: `custom("vector", {.modifiers = "1536"})`.
inline column_type custom(name type_name, custom_options options) {
  return {.kind = type_kind::custom,
          .custom_name = type_name.str(),
          .custom_schema = std::move(options.schema),
          .custom_modifiers = std::move(options.modifiers)};
}

}  // namespace op::type
}  // namespace retort
