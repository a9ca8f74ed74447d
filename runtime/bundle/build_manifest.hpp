#pragma once

#include <filesystem>

#include "bundle/bundle_files.hpp"
#include "bundle/manifest.hpp"
#include "lint/lint_migration.hpp"

namespace retort::bundle {

/// A manifest and the plugin bytes it describes, ready to be written as a bundle.
struct packed_bundle {
  bundle::manifest manifest;
  file_map plugins;
};

/// Reads every plugin of `plugin_directory` once into memory, hashes those bytes, and describes
/// them: revisions from their metadata, the SHA-256 of each migration's source when it can be
/// read, and each revision's upgrade and downgrade as offline SQL where it can be rendered. The
/// migration code that runs to render SQL is loaded from sealed copies of the same bytes, so the
/// SQL is the SQL of the bundled plugins. Each upgrade carries its lint findings under the
/// project's `lint` settings (no database: sizes play no part). Throws `plugin_error` /
/// `graph_error` as loading would.
[[nodiscard]] packed_bundle build_manifest(const std::filesystem::path& plugin_directory,
                                           const lint::settings& lint = {});

}  // namespace retort::bundle
