#include "pg/text_array.hpp"

namespace retort::pg {

std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) {
      out += ',';
    }
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace retort::pg
