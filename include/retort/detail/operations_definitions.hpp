#pragma once

/// The body of `operations`' list constructor; see <retort/detail/dsl_linkage.hpp>.

#include <array>
#include <cstddef>
#include <iterator>
#include <utility>

#include <retort/operations.hpp>

namespace retort {

namespace detail {

// Moves (a temporary; an `ops::` struct has no move, so it is copied) or copies (a named
// object) what `ref` points at to the end of `out`:
// alternative `Index` of `operation`, or, at `variant_index`, an `operation` itself.
template <std::size_t Index>
struct referred {
  using type = std::variant_alternative_t<Index, operation>;
};
template <>
struct referred<operation_ref::variant_index> {
  using type = operation;
};

template <std::size_t Index>
void append_operation(std::vector<operation>& out, const operation_ref& ref) {
  // The object is const only through the reference; `movable()` says it is a temporary.
  auto* object = static_cast<typename referred<Index>::type*>(const_cast<void*>(ref.object()));
  if (ref.movable()) {
    out.emplace_back(std::move(*object));
  } else {
    out.emplace_back(*object);
  }
}

template <std::size_t... Indexes>
constexpr auto operation_appenders(std::index_sequence<Indexes...>) {
  using appender = void (*)(std::vector<operation>&, const operation_ref&);
  return std::array<appender, sizeof...(Indexes)>{&append_operation<Indexes>...};
}

inline std::vector<operation> operations_of(std::initializer_list<operation_ref> items) {
  static constexpr auto appenders =
      operation_appenders(std::make_index_sequence<operation_ref::variant_index + 1>());
  std::vector<operation> out;
  out.reserve(items.size());
  for (const auto& ref : items) {
    appenders[ref.index()](out, ref);
  }
  return out;
}

}  // namespace detail

// Declared, not implicit: `upgrade()` returns an `operations`, whose destructor a return
// statement may call, and the implicit one would compile the destruction of every kind of
// operation into each migration file.
RETORT_DSL_INLINE operations::operations() noexcept = default;
RETORT_DSL_INLINE operations::operations(const operations& other) = default;
RETORT_DSL_INLINE operations::operations(operations&& other) noexcept = default;
RETORT_DSL_INLINE operations& operations::operator=(const operations& other) = default;
RETORT_DSL_INLINE operations& operations::operator=(operations&& other) noexcept = default;
RETORT_DSL_INLINE operations::~operations() = default;

RETORT_DSL_INLINE operations::operations(std::vector<operation> items) noexcept
    : std::vector<operation>(std::move(items)) {}

RETORT_DSL_INLINE operations::operations(std::initializer_list<detail::operation_ref> items)
    : std::vector<operation>(detail::operations_of(items)) {}

RETORT_DSL_INLINE void operations::append(std::initializer_list<detail::operation_ref> items) {
  // Built apart first: a reference may point into this very list, which growing it would move.
  auto added = detail::operations_of(items);
  insert(end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
}

RETORT_DSL_INLINE void operations::extend(operations more) {
  insert(end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace retort
