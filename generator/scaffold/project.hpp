#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scaffold/naming.hpp"

/// What the scaffold commands need to know about a project: Alembic's `ScriptDirectory`
/// settings, read from `retort.toml` by the CLI.
namespace retort::scaffold {

/// A command run on each new revision file, as Alembic's `post_write_hooks`.
struct post_write_hook {
  std::string name;
  std::string command;  ///< run by /bin/sh; `${file}` is the new file's path, shell-quoted
};

struct project {
  /// The directory of `retort.toml` (else the working directory): hooks run here.
  std::filesystem::path root;
  /// Where revision files are, read recursively; new files go to the first unless told.
  std::vector<std::filesystem::path> version_locations;
  std::string file_template{default_file_template};
  std::size_t truncate_slug_length = default_truncate_slug_length;
  /// The template of new files; none: the one built into retort.
  std::optional<std::filesystem::path> script_template{};
  std::vector<post_write_hook> post_write_hooks{};
};

/// The clock and the id source, injected so that tests get fixed output.
struct environment {
  std::function<std::chrono::system_clock::time_point()> now;
  std::function<std::string()> new_revision_id;
};

/// The real clock and `random_revision_id()`.
[[nodiscard]] inline environment system_environment() {
  return {[] { return std::chrono::system_clock::now(); }, [] { return random_revision_id(); }};
}

}  // namespace retort::scaffold
