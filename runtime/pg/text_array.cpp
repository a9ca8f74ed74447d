#include "pg/text_array.hpp"

namespace retort::pg {

namespace {

void append_quoted(std::string& out, const std::string& item) {
  out += '"';
  for (char c : item) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
}

}  // namespace

std::string text_array(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) {
      out += ',';
    }
    if (item) {
      append_quoted(out, *item);
    } else {
      out += "NULL";
    }
  }
  return out + "}";
}

std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) {
      out += ',';
    }
    append_quoted(out, item);
  }
  return out + "}";
}

}  // namespace retort::pg
