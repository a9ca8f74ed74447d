#pragma once

/// The one header a model source includes: the schema model and `RETORT_MODEL`.

#include <retort/model/schema.hpp>
#include <retort/plugin_abi.hpp>

namespace retort::model_abi {

/// The entry points of a model plugin (a MODULE library built by `retort_add_model()`).
inline constexpr const char* abi_symbol = "retort_model_abi_v1";
inline constexpr const char* entry_symbol = "retort_model_v1";

using abi_function = plugin_abi::abi_block();
/// Fills `out` with the model; runs the application's model function.
using entry_function = void(model::schema& out);

}  // namespace retort::model_abi

/// Declares `function` (returning `retort::model::schema`) as the plugin's model:
///
///     retort::model::schema shop_model() { ... }
///     RETORT_MODEL(shop_model);
///
/// The plugin exports its ABI block (checked before the model is read, as for migration plugins)
/// and one function that fills the host's `model::schema`: plain data, so nothing that needs the
/// plugin's code outlives its loading.
#define RETORT_MODEL(function)                                                      \
  extern "C" __attribute__((visibility("default"))) ::retort::plugin_abi::abi_block \
  retort_model_abi_v1() {                                                           \
    return ::retort::plugin_abi::current_abi();                                     \
  }                                                                                 \
  extern "C" __attribute__((visibility("default"))) void retort_model_v1(           \
      ::retort::model::schema& out) {                                               \
    out = function();                                                               \
  }                                                                                 \
  static_assert(true, "a semicolon follows RETORT_MODEL(...)")
