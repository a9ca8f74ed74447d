#pragma once

/// The body of `operations`' list constructor; see <retort/detail/dsl_linkage.hpp>.

#include <array>
#include <cstddef>
#include <iterator>
#include <utility>

#include <retort/operations.hpp>

namespace retort {

namespace detail {

template <std::size_t Index>
void append_operation(std::vector<operation>& out, const operation_ref& ref) {
  using alternative = std::variant_alternative_t<Index, operation>;
  // The object is const only through the reference; `movable()` says it is a temporary.
  auto* object = static_cast<alternative*>(const_cast<void*>(ref.object()));
  if (ref.movable()) {
    out.emplace_back(std::in_place_index<Index>, std::move(*object));
  } else {
    out.emplace_back(std::in_place_index<Index>, *object);
  }
}

template <std::size_t... Indexes>
constexpr auto operation_appenders(std::index_sequence<Indexes...>) {
  using appender = void (*)(std::vector<operation>&, const operation_ref&);
  return std::array<appender, sizeof...(Indexes)>{&append_operation<Indexes>...};
}

}  // namespace detail

RETORT_DSL_INLINE operations::operations(std::vector<operation> items) noexcept
    : std::vector<operation>(std::move(items)) {}

RETORT_DSL_INLINE operations::operations(std::initializer_list<detail::operation_ref> items) {
  append(items);
}

RETORT_DSL_INLINE void operations::append(std::initializer_list<detail::operation_ref> items) {
  static constexpr auto appenders =
      detail::operation_appenders(std::make_index_sequence<std::variant_size_v<operation>>());
  // Built apart first: a reference may point into this very list, which growing it would move.
  std::vector<operation> added;
  added.reserve(items.size());
  for (const auto& ref : items) {
    if (ref.index() == detail::operation_ref::variant_index) {
      auto* whole = static_cast<operation*>(const_cast<void*>(ref.object()));
      if (ref.movable()) {
        added.emplace_back(std::move(*whole));
      } else {
        added.emplace_back(*whole);
      }
    } else {
      appenders[ref.index()](added, ref);
    }
  }
  if (empty()) {
    std::vector<operation>::operator=(std::move(added));
  } else {
    insert(end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
  }
}

}  // namespace retort
