#pragma once

/// The body of `operations`' list constructor; see <retort/detail/dsl_linkage.hpp>.

#include <array>
#include <cstddef>
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
  reserve(size() + items.size());
  for (const auto& ref : items) {
    if (ref.index() == detail::operation_ref::variant_index) {
      auto* whole = static_cast<operation*>(const_cast<void*>(ref.object()));
      if (ref.movable()) {
        emplace_back(std::move(*whole));
      } else {
        emplace_back(*whole);
      }
    } else {
      appenders[ref.index()](*this, ref);
    }
  }
}

}  // namespace retort
