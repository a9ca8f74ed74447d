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

}  // namespace retort::render
