#include "model/comparable.hpp"

#include <algorithm>
#include <tuple>

#include "model/canonical.hpp"

namespace retort::model {

namespace {

template <typename T>
void sort_by_name(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

template <typename T>
void sort_by_schema_and_name(T& items) {
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
}

}  // namespace

schema comparable(schema s) {
  canonicalise(s);
  std::sort(s.schemas.begin(), s.schemas.end());
  sort_by_schema_and_name(s.extensions);
  sort_by_schema_and_name(s.enums);
  sort_by_schema_and_name(s.sequences);
  sort_by_schema_and_name(s.tables);
  for (auto& t : s.tables) {
    sort_by_name(t.columns);
    sort_by_name(t.foreign_keys);
    sort_by_name(t.uniques);
    sort_by_name(t.checks);
    sort_by_name(t.indexes);
  }
  return s;
}

}  // namespace retort::model
