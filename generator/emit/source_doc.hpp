#pragma once

#include <cstddef>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/operations.hpp>

/// The pieces of emitted C++ source shared by the migration and the model emitters: a call
/// tree laid out within 100 columns as clang-format would, and the `op::` calls that spell a
/// type, a column, a constraint, an index key and a sequence.
namespace retort::emit::detail {

inline constexpr int column_limit = 100;
inline constexpr int continuation = 4;
/// Emitted code puts at most this many operations or statements in one function: the compiler's
/// time on a function grows faster than its size, on many small ones linearly.
inline constexpr std::size_t statements_per_function = 10;

/// A C++ expression as a tree, so it can be laid out flat or broken one item per line.
struct doc {
  std::string text;  ///< a leaf's text, or what precedes a group's bracket
  char open = 0;     ///< 0 for a leaf, '(' or '{' for a group
  std::vector<doc> items{};
  std::string suffix{};  ///< after a group's closing bracket, e.g. `.index`
};

[[nodiscard]] doc leaf(std::string text);
[[nodiscard]] doc call(std::string function, std::vector<doc> args);
[[nodiscard]] doc braces(std::vector<doc> items);
/// `.field = value`: the value's text gets the designator in front.
[[nodiscard]] doc field(std::string_view name, doc value);
/// A C++ string literal of `text`.
[[nodiscard]] doc str(std::string_view text);
[[nodiscard]] doc strings(const std::vector<std::string>& items);
[[nodiscard]] doc number(std::int64_t value);

/// Flat when it fits in the columns left after `indent` and `trailing` closing characters;
/// else the bracket ends the line and each item gets its own line.
[[nodiscard]] std::string layout(const doc& d, int indent, int trailing);

/// `op::type::...(...)`.
[[nodiscard]] doc type_call(const column_type& type);
/// `op::column(...)`.
[[nodiscard]] doc column_call(const ops::column_definition& column);
/// `op::primary_key(...)`, `op::foreign_key(...)`, `op::unique(...)` or `op::check(...)`.
[[nodiscard]] doc constraint_call(const ops::constraint_definition& constraint);
/// A column name, or `op::key(...)`/`op::expression(...)` with its options.
[[nodiscard]] doc index_key(const ops::index_element& element);
/// `op::index_method{...}` or `op::gin`, ...
[[nodiscard]] doc index_method(const std::string& name);
/// `op::sequence(...)`.
[[nodiscard]] doc sequence_call(const ops::sequence_definition& sequence);

}  // namespace retort::emit::detail
