#pragma once

#include <string>
#include <string_view>

namespace retort {

/// Which line breaks `printable` keeps: none, for a value printed inside a line (a message, an
/// id, an SQL excerpt), or line feeds and tabs, for text retort laid out itself.
enum class line_breaks { escaped, kept };

/// `text` safe to print on a terminal: C0 controls, DEL and the C1 controls (U+0080-U+009F, as
/// UTF-8) become visible escapes (`\n`, `\r`, `\t`, `\x1b`, `\u009b`), so a value cannot forge
/// a line, overwrite one, or send the terminal an escape sequence. Everything else, other UTF-8
/// included, is unchanged.
[[nodiscard]] inline std::string printable(std::string_view text,
                                           line_breaks breaks = line_breaks::escaped) {
  constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        out += "\\u00";
        out += hex[next >> 4];
        out += hex[next & 0xF];
        ++i;
        continue;
      }
    }
    if (byte >= 0x20 && byte != 0x7F) {
      out += static_cast<char>(byte);
      continue;
    }
    if (breaks == line_breaks::kept && (byte == '\n' || byte == '\t')) {
      out += static_cast<char>(byte);
      continue;
    }
    switch (byte) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\x";
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace retort
