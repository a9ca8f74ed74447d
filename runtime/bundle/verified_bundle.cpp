#include "bundle/verified_bundle.hpp"

#include <retort/errors.hpp>

#include <set>

#include <fmt/format.h>

#include "bundle/bundle_error.hpp"
#include "bundle/digest.hpp"
#include "bundle/signing.hpp"

namespace retort::bundle {

namespace {

std::string in_bundle(const std::string& origin, const std::string& name) {
  return fmt::format("{}: {}", origin, name);
}

void check_abi(const std::string& origin, const abi_identity& packed) {
  auto runtime = current_abi_identity();
  if (packed == runtime) {
    return;
  }
  throw bundle_error(fmt::format(
      "{}: packed for plugin ABI {} built by {} (string ABI {}, operation size {}), but this "
      "retort has ABI {} built by {} (string ABI {}, operation size {}); use a retort built like "
      "the plugins, or rebuild and repack them",
      origin, packed.abi_version, packed.compiler, packed.cxx11_string_abi, packed.operation_size,
      runtime.abi_version, runtime.compiler, runtime.cxx11_string_abi, runtime.operation_size));
}

// Exactly the listed files, each with its size and SHA-256; the first problem is named.
file_map check_files(const std::string& origin, const manifest& m, file_map& files) {
  file_map plugins;
  for (const auto& listed : m.files) {
    auto found = files.find(listed.name);
    if (found == files.end()) {
      throw bundle_error(
          fmt::format("{}: missing: the manifest lists it, the bundle does not "
                      "hold it",
                      in_bundle(origin, listed.name)));
    }
    auto actual = sha256_hex(found->second);
    if (found->second.size() != listed.size || actual != listed.sha256) {
      throw bundle_error(fmt::format(
          "{}: altered: its SHA-256 is {} ({} bytes), the manifest says {} ({} bytes); do not use "
          "this bundle, take the one that was packed",
          in_bundle(origin, listed.name), actual, found->second.size(), listed.sha256,
          listed.size));
    }
    plugins.emplace(listed.name, std::move(found->second));
    files.erase(found);
  }
  files.erase(std::string(manifest_file));
  files.erase(std::string(signature_file));
  if (!files.empty()) {
    throw bundle_error(
        fmt::format("{}: extra: the manifest does not list it; a bundle holds "
                    "exactly the files it lists",
                    in_bundle(origin, files.begin()->first)));
  }
  return plugins;
}

}  // namespace

verified_bundle::verified_bundle(std::string origin, bundle::manifest m, std::string identity,
                                 std::optional<std::string> signer, bool has_signature,
                                 file_map plugins)
    : origin_(std::move(origin)),
      manifest_(std::move(m)),
      identity_(std::move(identity)),
      signer_(std::move(signer)),
      has_signature_(has_signature),
      plugins_(std::move(plugins)) {}

std::vector<migration_metadata> verified_bundle::metadata() const {
  std::vector<migration_metadata> out;
  out.reserve(manifest_.revisions.size());
  for (const auto& r : manifest_.revisions) {
    out.push_back(r.metadata);
  }
  return out;
}

loaded_code verified_bundle::load_code() const {
  auto sealed = std::make_shared<const sealed_plugins>(plugins_);
  auto metadata = this->metadata();
  for (auto& m : metadata) {
    m.plugin_file = sealed->path_of(m.plugin_file);
  }
  return {sealed, sealed->naming_files(origin_, [&] { return load_plugin_code(metadata); })};
}

std::shared_ptr<const verified_bundle> open_bundle(
    const std::filesystem::path& path, const std::optional<std::filesystem::path>& public_key) {
  auto contents = read_bundle(path);
  const auto& origin = contents.origin;
  auto manifest_text = contents.files.find(std::string(manifest_file));
  if (manifest_text == contents.files.end()) {
    throw bundle_error(fmt::format("{}: missing: a bundle starts with it",
                                   in_bundle(origin, std::string(manifest_file))));
  }
  auto signature = contents.files.find(std::string(signature_file));
  bool has_signature = signature != contents.files.end();
  std::optional<std::string> signer;
  // The signature first: nothing the manifest says is believed before it is checked.
  if (public_key) {
    if (!has_signature) {
      throw bundle_error(fmt::format(
          "{}: missing: a public key was given, so the bundle must be signed; pack it with "
          "--sign-key",
          in_bundle(origin, std::string(signature_file))));
    }
    verify_detached(manifest_text->second, signature->second, *public_key,
                    in_bundle(origin, std::string(signature_file)));
    signer = key_id_of(*public_key);
  }
  auto m = parse_manifest(manifest_text->second, origin);
  check_abi(origin, m.abi);
  auto identity = sha256_hex(manifest_text->second);
  auto plugins = check_files(origin, m, contents.files);
  return std::make_shared<const verified_bundle>(origin, std::move(m), std::move(identity),
                                                 std::move(signer), has_signature,
                                                 std::move(plugins));
}

std::shared_ptr<const verified_bundle> bundle_in_memory(std::string origin,
                                                        const bundle::manifest& m,
                                                        file_map plugins) {
  return std::make_shared<const verified_bundle>(std::move(origin), m, sha256_hex(to_json(m)),
                                                 std::nullopt, false, std::move(plugins));
}

}  // namespace retort::bundle
