#pragma once

#include <string>
#include <string_view>

#include <retort/operations.hpp>

namespace retort::render {

/// `schema.name`, or `name` when `schema` is empty: an object as error messages name it.
[[nodiscard]] std::string dotted(std::string_view schema, std::string_view name);

/// The operation's kind and the object it changes, e.g. `drop_column products.alcohol`: the
/// opening of every error message about it.
[[nodiscard]] std::string describe(const operation& op);

/// `+` for what a described operation creates or inserts, `-` for what it drops, `~` for what
/// it changes: the margin of a diff-like listing of operations.
[[nodiscard]] char change_sign(std::string_view description);

}  // namespace retort::render
