#pragma once

#include <optional>
#include <string>

#include <retort/plugin_abi.hpp>

namespace retort::loader {

/// Why a plugin's ABI block does not match the runtime's, as a sentence naming both sides and
/// what to do; empty when they match. Fields are compared from the most to the least telling:
/// magic, plugin ABI version, compiler, libstdc++ string ABI, `sizeof(retort::operation)`.
[[nodiscard]] std::optional<std::string> abi_mismatch(const plugin_abi::abi_block& plugin,
                                                      const plugin_abi::abi_block& runtime);

}  // namespace retort::loader
