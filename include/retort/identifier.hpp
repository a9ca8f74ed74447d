#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <retort/errors.hpp>

namespace retort {

/// PostgreSQL truncates longer names silently (NAMEDATALEN - 1); we refuse them instead.
inline constexpr std::size_t max_identifier_bytes = 63;

/// Throws `invalid_identifier` unless `text` is a name PostgreSQL keeps intact.
inline void check_identifier(std::string_view text) {
  if (text.empty()) {
    throw invalid_identifier("empty identifier");
  }
  if (text.size() > max_identifier_bytes) {
    throw invalid_identifier("identifier \"" + std::string(text) + "\" is " +
                             std::to_string(text.size()) +
                             " bytes long; PostgreSQL allows at most 63");
  }
  if (text.find('\0') != std::string_view::npos) {
    throw invalid_identifier("identifier contains a NUL byte");
  }
}

/// A checked SQL identifier, used only as a parameter of the `op::` functions.
///
/// From a string literal the check runs at compile time, so an empty or over-long name fails the
/// build. From a `std::string` it runs when the operation is built and throws
/// `invalid_identifier`. The name is stored unquoted; the renderer always quotes it.
class name {
 public:
  template <std::size_t N>
  consteval name(const char (&literal)[N]) : text_(literal, N - 1) {  // NOLINT: implicit on purpose
    static_assert(N - 1 >= 1 && N - 1 <= max_identifier_bytes,
                  "an identifier must be 1 to 63 bytes: PostgreSQL truncates longer names");
  }
  name(const std::string& text) : text_(text) { check_identifier(text_); }  // NOLINT
  name(std::string_view text) : text_(text) { check_identifier(text_); }    // NOLINT

  [[nodiscard]] std::string str() const { return std::string(text_); }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return text_; }

 private:
  std::string_view text_;
};

}  // namespace retort
