#pragma once

#include <filesystem>
#include <string>
#include <string_view>

/// SHA-256 through OpenSSL's libcrypto: no hash code of our own to get wrong.
namespace retort::digest {

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// The SHA-256 of a file's bytes, as 64 lowercase hex digits; throws `retort::error` naming the
/// file when it cannot be read.
[[nodiscard]] std::string sha256_file_hex(const std::filesystem::path& file);

}  // namespace retort::digest
