#pragma once

#include <filesystem>
#include <string>
#include <vector>

/// `retort init`: a project ready for its first revision.
namespace retort::scaffold {

struct init_result {
  std::vector<std::filesystem::path> files;  ///< written, in this order
  std::string next_steps;                    ///< what to run now, one command a line
};

/// Writes into `directory` (created if missing):
///
///     retort.toml                    versions, script template, plugin directory; hooks commented
///     migrations/CMakeLists.txt      find_package(retort) + retort_add_migrations over versions/
///     migrations/script.cpp.tmpl     the template of new revision files (the built-in one)
///     migrations/README.md           next steps and the template variables
///     migrations/versions/.gitkeep   so the empty directory survives a clone
///
/// Refuses (`refusal`), writing nothing, when any of these files exists. `shown_as` is how the
/// next steps name the directory (`cd shown_as` comes first unless it is `.`).
init_result init_project(const std::filesystem::path& directory, const std::string& shown_as);

/// A CMake target name made of `name`: letters, digits and `_`, not starting with a digit.
[[nodiscard]] std::string cmake_identifier(std::string_view name);

}  // namespace retort::scaffold
