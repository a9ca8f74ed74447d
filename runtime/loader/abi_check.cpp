#include "loader/abi_check.hpp"

#include <cstring>
#include <string_view>

#include <fmt/format.h>

namespace retort::loader {

namespace {

// The compiler field comes from the plugin: never trust it to be terminated.
std::string_view compiler(const plugin_abi::abi_block& block) {
  return {block.compiler, ::strnlen(block.compiler, sizeof(block.compiler))};
}

std::string_view string_abi(std::uint32_t cxx11_string_abi) {
  return cxx11_string_abi != 0 ? "the C++11 std::string ABI (_GLIBCXX_USE_CXX11_ABI=1)"
                               : "the old std::string ABI (_GLIBCXX_USE_CXX11_ABI=0)";
}

}  // namespace

std::optional<std::string> abi_mismatch(const plugin_abi::abi_block& plugin,
                                        const plugin_abi::abi_block& runtime) {
  if (std::memcmp(plugin.magic, runtime.magic, sizeof(plugin.magic)) != 0) {
    return "its ABI block is not retort's (wrong magic); build plugins with "
           "retort_add_migrations()";
  }
  // The rest of the block may have another layout in another ABI version: stop here.
  if (plugin.abi_version != runtime.abi_version) {
    return fmt::format(
        "built for retort plugin ABI {}, this runtime reads ABI {}; rebuild the plugin against "
        "this retort",
        plugin.abi_version, runtime.abi_version);
  }
  if (compiler(plugin) != compiler(runtime)) {
    return fmt::format("built with {}, this runtime with {}; rebuild the plugin with {}",
                       compiler(plugin), compiler(runtime), compiler(runtime));
  }
  if (plugin.cxx11_string_abi != runtime.cxx11_string_abi) {
    return fmt::format(
        "built with {}, this runtime with {}; rebuild the plugin with the same setting",
        string_abi(plugin.cxx11_string_abi), string_abi(runtime.cxx11_string_abi));
  }
  if (plugin.operation_size != runtime.operation_size) {
    return fmt::format(
        "built against other retort headers (sizeof(retort::operation) is {} in the plugin, {} "
        "in this runtime); rebuild the plugin against this retort",
        plugin.operation_size, runtime.operation_size);
  }
  return std::nullopt;
}

}  // namespace retort::loader
