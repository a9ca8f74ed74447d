#pragma once

// The offline scripts of `upgrade --sql` and `downgrade --sql`, written by a module the front
// door loads for them alone (offline-script.so, installed beside retort-full). It links the
// plugin loader, the renderer and the SQL parser, but neither the database client nor the
// bundle, archive and crypto libraries, whose loading alone took a fifth of a 5,000-revision
// script in retort-full.

#include <filesystem>
#include <string>

#include "offline/offline_script.hpp"
#include "plan/migration_plan.hpp"

namespace retort::cli {

struct offline_script_request {
  std::filesystem::path plugin_directory;
  plan::direction direction = plan::direction::upgrade;
  std::string range;  ///< `[start:]end` as given
  offline::script_options options;
};

struct offline_script {
  /// False when anything went wrong: the full command then writes the script or says why not.
  bool written = false;
  std::string text;
};

/// The module's one entry point; both sides are built together, so C++ types cross it.
using write_offline_script_function = void(const offline_script_request&, offline_script&) noexcept;
inline constexpr const char* write_offline_script_symbol = "retort_write_offline_script";

}  // namespace retort::cli
