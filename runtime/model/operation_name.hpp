#pragma once

#include <retort/operations.hpp>

#include <string_view>

namespace retort::model {

/// The operation's name as the `op::` function that builds it: `create_table`, `add_column`, ...
[[nodiscard]] std::string_view operation_name(const operation& op) noexcept;

}  // namespace retort::model
