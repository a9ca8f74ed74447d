#pragma once

/// The one header a migration file includes.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <retort/detail/dsl_linkage.hpp>
#include <retort/detail/metadata_record.hpp>
#include <retort/migration_info.hpp>
#include <retort/op.hpp>
#include <retort/operations.hpp>
#include <retort/plugin_abi.hpp>

// clang-format 14 does not recognise a namespace with an attribute: it indents the body and
// rewrites the closing comment. The block is laid out by hand.
// clang-format off
namespace retort {
namespace plugin_detail __attribute__((visibility("hidden"))) {

struct registrar;

// Hidden, so every plugin keeps its own registry: with default visibility the dynamic linker
// would merge the registries of all loaded plugins into one.
inline const registrar*& last_registered() {
  static const registrar* last = nullptr;
  return last;
}

// A list linked through the registrars themselves: registering costs a migration file no
// container code.
struct registrar {
  template <std::size_t Size>
  registrar(const std::array<unsigned char, Size>& header, plugin_abi::migration_function upgrade,
            plugin_abi::migration_function downgrade) noexcept
      : entry{header.data(), static_cast<std::uint32_t>(Size), upgrade, downgrade},
        previous(last_registered()) {
    last_registered() = this;
  }
  plugin_abi::migration_entry entry;
  const registrar* previous;
};

// The plugin's migrations in the order they registered; complete once static initialisation is
// over, which is when it is first called.
RETORT_DSL_INLINE const std::vector<plugin_abi::migration_entry>& registry();

}  // namespace plugin_detail
}  // namespace retort
// clang-format on

#if !defined(RETORT_DSL_OUT_OF_LINE)
#include <retort/detail/migration_definitions.hpp>
#endif

/// Declares the migration in this file. Follow it with definitions of `upgrade()` and
/// `downgrade()`, each returning `retort::operations`:
///
///     RETORT_MIGRATION({.revision = "3f2a9c1e7b40", .down_revision = {"a1b2c3d4e5f6"},
///                       .message = "add alcohol column to products"});
///
/// The header is checked at compile time and also stored as constant bytes in the plugin's
/// `retort_md` section, so the runtime reads it without running any plugin code (see
/// <retort/detail/metadata_record.hpp>); the code keeps a copy of its own, which the loader
/// compares with the section. The `migration_info` itself lives only at compile time (a
/// consteval function): a constant of it would be kept in the plugin at -O0, and its 224 string
/// views relocated at load time. `upgrade` and `downgrade` get internal linkage (their first
/// declaration here is `static`), so many migration files link into one plugin.
#define RETORT_MIGRATION(...)                                                                    \
  namespace op = ::retort::op;                                                                   \
  static ::retort::operations upgrade();                                                         \
  static ::retort::operations downgrade();                                                       \
  static consteval ::retort::migration_info retort_migration_info_() {                           \
    return __VA_ARGS__;                                                                          \
  }                                                                                              \
  static_assert(::retort::detail::check_migration_info(retort_migration_info_()));               \
  RETORT_DETAIL_MIGRATION_RECORD(retort_migration_info_(), __FILE__);                            \
  static constexpr auto retort_migration_header_ = retort_migration_record_;                     \
  [[maybe_unused]] static const ::retort::plugin_detail::registrar retort_migration_registrar_ { \
    retort_migration_header_, &upgrade, &downgrade                                               \
  }
