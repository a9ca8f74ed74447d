#include "pg/connection_string.hpp"

#include <fmt/format.h>

namespace retort::pg {

namespace {

bool is_uri(std::string_view url) {
  // libpq's designators, matched as libpq matches them: case-sensitively.
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// RFC 3986: everything but the unreserved characters, as %XX.
std::string percent_encoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", byte);
    }
  }
  return out;
}

// A key=value value in single quotes, its backslashes and quotes escaped, as libpq reads them.
std::string quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\\' || c == '\'') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::string with_application_name(const std::string& url, std::string_view name) {
  if (is_uri(url)) {
    const auto query = url.find('?');
    const char* separator = query == std::string::npos                 ? "?"
                            : url.ends_with('?') || url.ends_with('&') ? ""
                                                                       : "&";
    return fmt::format("{}{}application_name={}", url, separator, percent_encoded(name));
  }
  return fmt::format("{}{}application_name={}", url, url.empty() ? "" : " ", quoted(name));
}

}  // namespace retort::pg
