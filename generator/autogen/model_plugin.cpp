#include "autogen/model_plugin.hpp"

#include <retort/errors.hpp>
#include <retort/model.hpp>

#include <string>
#include <system_error>

#include <dlfcn.h>
#include <fmt/format.h>

#include <boost/dll/shared_library.hpp>

#include "loader/abi_check.hpp"

namespace retort::autogen {

model::schema load_model(const std::filesystem::path& file) {
  std::error_code fs_error;
  // A relative name would be searched for by the dynamic linker; an absolute one is exact.
  const auto path = std::filesystem::canonical(file, fs_error);
  if (fs_error) {
    throw plugin_error(file.string(),
                       "no such model plugin; build it with retort_add_model() and pass its path "
                       "with --model or `model` in retort.toml");
  }
  boost::dll::shared_library library;
  boost::dll::fs::error_code ec;
  library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    throw plugin_error(path.string(),
                       fmt::format("cannot load the model plugin: {}", ec.message()));
  }
  if (!library.has(model_abi::abi_symbol) || !library.has(model_abi::entry_symbol)) {
    throw plugin_error(path.string(),
                       "not a model plugin: it has no RETORT_MODEL(...) (retort_model_v1)");
  }
  const auto abi = library.get<model_abi::abi_function>(model_abi::abi_symbol)();
  if (auto mismatch = loader::abi_mismatch(abi, plugin_abi::current_abi())) {
    throw plugin_error(path.string(), *mismatch);
  }
  model::schema out;
  try {
    library.get<model_abi::entry_function>(model_abi::entry_symbol)(out);
  } catch (const std::exception& e) {
    // Converted here: the exception object's type information lives in the plugin.
    throw plugin_error(path.string(), fmt::format("the model function threw: {}", e.what()));
  } catch (...) {
    throw plugin_error(path.string(), "the model function threw a non-standard exception");
  }
  return out;
}

}  // namespace retort::autogen
