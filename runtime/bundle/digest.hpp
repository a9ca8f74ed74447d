#pragma once

#include <span>
#include <string>
#include <string_view>

namespace retort::bundle {

/// The SHA-256 of `bytes`, as 64 lowercase hex digits.
[[nodiscard]] std::string sha256_hex(std::span<const unsigned char> bytes);
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// The SHA-256 of a migration's source text, independent of how it was checked out: a leading
/// UTF-8 byte-order mark is dropped and CRLF line ends become LF before hashing: the build's
/// checksum (`digest::source_checksum`), for sources of plugins built without one.
[[nodiscard]] std::string source_sha256(std::string_view source_text);

/// `bytes` as lowercase hex; and back (throws `bundle_error` naming `what` on bad input).
[[nodiscard]] std::string to_hex(std::span<const unsigned char> bytes);
[[nodiscard]] std::string from_hex(std::string_view hex, std::size_t expected_bytes,
                                   std::string_view what);

}  // namespace retort::bundle
