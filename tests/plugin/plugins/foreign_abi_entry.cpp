// A hand-written entry point exporting the ABI block of another build: another plugin ABI version
// (RETORT_TEST_ABI_VERSION) or another compiler (RETORT_TEST_COMPILER).
#include <boost/dll/alias.hpp>

#include <cstdlib>
#include <cstring>

#include <retort/detail/metadata_record.hpp>
#include <retort/plugin_abi.hpp>

namespace {

// Its metadata is in order: only the ABI block is foreign.
RETORT_DETAIL_PLUGIN_RECORD;

retort::plugin_abi::abi_block foreign_block() {
  auto block = retort::plugin_abi::current_abi();
#ifdef RETORT_TEST_ABI_VERSION
  block.abi_version = RETORT_TEST_ABI_VERSION;
#endif
#ifdef RETORT_TEST_COMPILER
  std::memset(block.compiler, 0, sizeof(block.compiler));
  std::strncpy(block.compiler, RETORT_TEST_COMPILER, sizeof(block.compiler) - 1);
#endif
  return block;
}

const retort::plugin_abi::abi_block plugin_abi_block = foreign_block();

// Must never be called: the runtime reads the manifest only after the ABI block matched.
const retort::plugin_abi::manifest* plugin_migrations() {
  ::setenv("RETORT_PLUGIN_TEST_ENTRY_CALLED", "1", 1);
  static const retort::plugin_abi::manifest none{0, nullptr};
  return &none;
}

}  // namespace

BOOST_DLL_ALIAS_SECTIONED(plugin_abi_block, retort_abi_v1, retort)
BOOST_DLL_ALIAS_SECTIONED(plugin_migrations, retort_migrations_v1, retort)
