#pragma once

/// The body of the plugin registry; see <retort/detail/dsl_linkage.hpp>.

#include <vector>

#include <retort/migration.hpp>

// The namespace with an attribute is laid out by hand, as in <retort/migration.hpp>.
// clang-format off
namespace retort {
namespace plugin_detail __attribute__((visibility("hidden"))) {

RETORT_DSL_INLINE const std::vector<plugin_abi::migration_entry>& registry() {
  static const std::vector<plugin_abi::migration_entry> entries = [] {
    std::vector<plugin_abi::migration_entry> newest_first;
    for (const registrar* r = last_registered(); r != nullptr; r = r->previous) {
      newest_first.push_back(r->entry);
    }
    return std::vector<plugin_abi::migration_entry>(newest_first.rbegin(), newest_first.rend());
  }();
  return entries;
}

}  // namespace plugin_detail
}  // namespace retort
// clang-format on
