// Compiled into every migration plugin exactly once by retort_add_migrations(): the exported ABI
// block, the entry point that hands the plugin's migrations to the runtime, the plugin record
// that marks the file's revision metadata (section retort_md) as complete, and the DSL code that
// the plugin's migration files only declare (they are built with RETORT_DSL_OUT_OF_LINE).
#include <boost/dll/alias.hpp>

#include <retort/detail/dsl_definitions.hpp>
#include <retort/detail/migration_definitions.hpp>
#include <retort/migration.hpp>

namespace {

RETORT_DETAIL_PLUGIN_RECORD;

const retort::plugin_abi::abi_block plugin_abi_block = retort::plugin_abi::current_abi();

const retort::plugin_abi::manifest* plugin_migrations() {
  static const retort::plugin_abi::manifest manifest{
      static_cast<std::uint32_t>(retort::plugin_detail::registry().size()),
      retort::plugin_detail::registry().data()};
  return &manifest;
}

}  // namespace

BOOST_DLL_ALIAS_SECTIONED(plugin_abi_block, retort_abi_v1, retort)
BOOST_DLL_ALIAS_SECTIONED(plugin_migrations, retort_migrations_v1, retort)
