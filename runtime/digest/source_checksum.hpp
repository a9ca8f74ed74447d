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
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace retort::digest
