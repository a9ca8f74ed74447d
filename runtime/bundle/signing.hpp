#pragma once

#include <filesystem>
#include <string>
#include <string_view>

/// Ed25519 detached signatures (libsodium) over the exact bytes of a manifest or plan. Keys live
/// in files, never on the command line: `retort-ed25519-secret-key <hex>` and
/// `retort-ed25519-public-key <hex>`, one line each.
namespace retort::bundle {

/// Writes a fresh key pair. Both files are created with mode 0600 and never overwritten.
/// Throws `bundle_error` when either exists or cannot be written.
void generate_key_pair(const std::filesystem::path& secret_key_file,
                       const std::filesystem::path& public_key_file);

/// The short name of a public key (the first 16 hex digits of its SHA-256), shown so a release
/// engineer can tell keys apart without printing them.
[[nodiscard]] std::string key_id_of(const std::filesystem::path& public_key_file);

/// The detached signature of `message`, as the text of a `.sig` file (JSON: algorithm, key id,
/// signature). The secret key file must not be readable by group or others.
[[nodiscard]] std::string sign_detached(std::string_view message,
                                        const std::filesystem::path& secret_key_file);

/// Checks `signature_text` (a `.sig` file's text) over `message` with the public key. Throws
/// `bundle_error` naming `what` and, for a signature by another key, both key ids.
void verify_detached(std::string_view message, std::string_view signature_text,
                     const std::filesystem::path& public_key_file, std::string_view what);

}  // namespace retort::bundle
