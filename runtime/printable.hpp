#pragma once

#include <string>
#include <string_view>

namespace retort {

/// Which line breaks `printable` keeps: none, for a value printed inside a line (a message, an
/// id, an SQL excerpt), or line feeds and tabs, for text retort laid out itself.
enum class line_breaks { escaped, kept };

/// How many bytes at the start of `text` `printable()` leaves as they are: all of them when
/// there is nothing to escape.
[[nodiscard]] inline std::size_t printable_prefix(std::string_view text,
                                                  line_breaks breaks = line_breaks::escaped) {
  const bool keep_breaks = breaks == line_breaks::kept;
  // Whether a byte passes as it is: 0xC2 never does here, since the byte after it decides.
  const auto passes = [keep_breaks](unsigned char byte) {
    return (byte >= 0x20 && byte != 0x7F && byte != 0xC2) ||
           (keep_breaks && (byte == '\n' || byte == '\t'));
  };
  std::size_t i = 0;
  while (i < text.size() && passes(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  return i;
}

/// `printable(text, breaks)` appended to `out`.
inline void append_printable(std::string& out, std::string_view text,
                             line_breaks breaks = line_breaks::escaped) {
  constexpr char hex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < text.size()) {
    // Runs of bytes that pass are copied whole: whole outputs go through here (history of
    // thousands of lines), and appending byte by byte was most of their cost.
    const std::size_t run = i;
    i += printable_prefix(text.substr(i), breaks);
    out.append(text.data() + run, i - run);
    if (i == text.size()) {
      break;
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0xC2) {
      const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0U;
      if (next >= 0x80 && next <= 0x9F) {
        out += "\\u00";
        out += hex[next >> 4];
        out += hex[next & 0xF];
        i += 2;
      } else {
        out += static_cast<char>(byte);
        ++i;
      }
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
    ++i;
  }
}

/// `text` safe to print on a terminal: C0 controls, DEL and the C1 controls (U+0080-U+009F, as
/// UTF-8) become visible escapes (`\n`, `\r`, `\t`, `\x1b`, `\u009b`), so a value cannot forge
/// a line, overwrite one, or send the terminal an escape sequence. Everything else, other UTF-8
/// included, is unchanged.
[[nodiscard]] inline std::string printable(std::string_view text,
                                           line_breaks breaks = line_breaks::escaped) {
  std::string out;
  out.reserve(text.size());
  append_printable(out, text, breaks);
  return out;
}

}  // namespace retort
