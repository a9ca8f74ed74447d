#pragma once

#include <retort/model/schema.hpp>

#include <filesystem>

namespace retort::autogen {

/// Loads the model plugin at `file` (built by `retort_add_model()`), checks its ABI block before
/// running any of its code, reads the model and unloads it. Throws `plugin_error` naming the file
/// for a missing file, a library that does not load, no `RETORT_MODEL`, another ABI, or an
/// exception thrown by the model function (converted while the library is loaded).
[[nodiscard]] model::schema load_model(const std::filesystem::path& file);

}  // namespace retort::autogen
