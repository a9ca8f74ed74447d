#pragma once

#include <retort/types.hpp>

#include <string_view>

namespace retort::introspect {

/// A catalog type as a `column_type`: `typname` (`int4`, `varchar`, `timestamptz`, ...) and
/// `atttypmod` decoded into length, precision and scale; any other name becomes `custom`.
/// `printed_modifier` is what `format_type(type, typmod)` prints after the bare type's name
/// (`(24)` of `bit(24)`, ` day to second(3)` of an interval): it gives a named type's
/// modifiers and an interval's fields, which no decoding here could know.
[[nodiscard]] column_type from_catalog(std::string_view type_schema, std::string_view type_name,
                                       int typmod, std::string_view printed_modifier = {});

}  // namespace retort::introspect
