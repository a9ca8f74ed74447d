#pragma once

#include <cstddef>
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
  constexpr std::size_t digits = 64;
  if (text.size() != digits) {
    return false;
  }
  // A graph command checks one checksum per revision. Counted to a constant, with no branch and
  // no early exit, the loop is compiled to vector instructions (16 characters at a time at -O2).
  unsigned char bad = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    const bool digit = static_cast<unsigned char>(u - '0') < 10;
    const bool letter = static_cast<unsigned char>(u - 'a') < 6;
    bad |= static_cast<unsigned char>(!(digit || letter));
  }
  return bad == 0;
}

}  // namespace retort::digest
