#include "bundle/digest.hpp"

#include <fmt/format.h>

#include "bundle/bundle_error.hpp"
#include "digest/sha256.hpp"
#include "digest/source_checksum.hpp"

namespace retort::bundle {

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += digits[b >> 4U];
    out += digits[b & 0xFU];
  }
  return out;
}

std::string from_hex(std::string_view hex, std::size_t expected_bytes, std::string_view what) {
  if (hex.size() != expected_bytes * 2) {
    throw bundle_error(fmt::format("{} must be {} hex digits, not {} characters", what,
                                   expected_bytes * 2, hex.size()));
  }
  auto value = [&](char c) -> unsigned {
    if (c >= '0' && c <= '9')
      return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f')
      return static_cast<unsigned>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
      return static_cast<unsigned>(c - 'A' + 10);
    throw bundle_error(fmt::format("{} holds a character that is not a hex digit", what));
  };
  std::string out(expected_bytes, '\0');
  for (std::size_t i = 0; i < expected_bytes; ++i) {
    out[i] = static_cast<char>((value(hex[2 * i]) << 4U) | value(hex[2 * i + 1]));
  }
  return out;
}

std::string sha256_hex(std::span<const unsigned char> bytes) {
  return digest::sha256_hex(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string sha256_hex(std::string_view bytes) {
  return digest::sha256_hex(bytes);
}

std::string source_sha256(std::string_view text) {
  return digest::source_checksum(text);
}

}  // namespace retort::bundle
