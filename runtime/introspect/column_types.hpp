#pragma once

#include <retort/types.hpp>

#include <string_view>

namespace retort::introspect {

/// A catalog type as a `column_type`: `typname` (`int4`, `varchar`, `timestamptz`, ...) and
/// `atttypmod` decoded into length, precision and scale; any other name becomes `custom`.
[[nodiscard]] column_type from_catalog(std::string_view type_schema, std::string_view type_name,
                                       int typmod);

}  // namespace retort::introspect
