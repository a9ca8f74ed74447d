#pragma once

#include <filesystem>
#include <string>
#include <string_view>

/// The checksum of a migration's source, as the build records it in the plugin and as the
/// history table keeps it. One implementation serves the build (`retort source-checksums`, run
/// by retort_add_migrations()) and every other reader, so they cannot disagree.
namespace retort::digest {

/// The text that is hashed: a leading UTF-8 byte order mark removed and every CRLF turned into
/// LF, so a checkout with other line-ending settings (or an editor that adds a BOM) gives the same
/// checksum. Nothing else changes: a lone CR, trailing spaces and a missing final newline count.
[[nodiscard]] std::string normalised_source(std::string_view text);

/// The SHA-256 of `normalised_source(text)`, 64 lowercase hex digits.
[[nodiscard]] std::string source_checksum(std::string_view text);

/// The checksum of a file; throws `retort::error` naming it when it cannot be read.
[[nodiscard]] std::string source_checksum_of_file(const std::filesystem::path& file);

/// Whether `text` has the form of a checksum: 64 lowercase hex digits.
[[nodiscard]] constexpr bool is_checksum(std::string_view text) {
  if (text.size() != 64) {
    return false;
  }
  // Without a branch per character: a graph command checks one checksum per revision, and digits
  // and letters alternate too randomly for a branch predictor.
  bool hex = true;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    hex &= (static_cast<unsigned char>(u - '0') < 10) | (static_cast<unsigned char>(u - 'a') < 6);
  }
  return hex;
}

}  // namespace retort::digest
