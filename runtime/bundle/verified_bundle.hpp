#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle_files.hpp"
#include "bundle/manifest.hpp"
#include "bundle/sealed_plugins.hpp"
#include "loader/plugin_loader.hpp"
#include "loader/plugin_metadata.hpp"

namespace retort::bundle {

/// The code of a bundle's migrations, loaded from sealed copies; `sealed` must outlive
/// `migrations` (declare it first).
struct loaded_code {
  std::shared_ptr<const sealed_plugins> sealed;
  std::vector<loaded_migration> migrations;
};

/// A bundle whose signature (when a key was given) and every file's SHA-256 were checked
/// against its manifest, held in memory. Nothing of it is read from disk again.
class verified_bundle {
 public:
  verified_bundle(std::string origin, manifest m, std::string identity,
                  std::optional<std::string> signer, bool has_signature, file_map plugins);

  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  [[nodiscard]] const bundle::manifest& manifest() const noexcept { return manifest_; }
  /// The SHA-256 of `manifest.json`: names the bundle's exact contents.
  [[nodiscard]] const std::string& identity() const noexcept { return identity_; }
  /// The key id whose signature was checked; none when no key was given.
  [[nodiscard]] const std::optional<std::string>& signer() const noexcept { return signer_; }
  [[nodiscard]] bool has_signature() const noexcept { return has_signature_; }

  /// The revision metadata, from the manifest (`plugin_file` is the bundled file's name): the
  /// graph, with no plugin touched.
  [[nodiscard]] std::vector<migration_metadata> metadata() const;

  /// Seals the verified plugin bytes and loads them with every check of `load_plugin_code()`,
  /// which also refuses a plugin whose own metadata section disagrees with the manifest. Errors
  /// name the bundled file.
  [[nodiscard]] loaded_code load_code() const;

 private:
  std::string origin_;
  bundle::manifest manifest_;
  std::string identity_;
  std::optional<std::string> signer_;
  bool has_signature_ = false;
  file_map plugins_;
};

/// Reads and verifies a bundle (a directory or an archive) before anything in it is used:
/// with `public_key`, `manifest.sig` must be a valid signature of `manifest.json` by that key;
/// then the manifest must be for this runtime's plugin ABI, and the bundle must hold exactly the
/// files the manifest lists, each with its SHA-256. Throws `bundle_error` naming the missing,
/// extra or altered file, or the signature problem.
[[nodiscard]] std::shared_ptr<const verified_bundle> open_bundle(
    const std::filesystem::path& path, const std::optional<std::filesystem::path>& public_key);

/// A verified bundle built in memory from a manifest and its files (what `pack` produces), so a
/// plan made from a plugin directory names the same identity the packed bundle will have.
[[nodiscard]] std::shared_ptr<const verified_bundle> bundle_in_memory(std::string origin,
                                                                      const bundle::manifest& m,
                                                                      file_map plugins);

}  // namespace retort::bundle
