#include "scaffold/template_engine.hpp"

#include <retort/errors.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace retort::scaffold {

namespace {

std::string known_names(const template_variables& variables) {
  std::string out;
  for (const auto& [name, value] : variables) {
    out += (out.empty() ? "${" : ", ${") + name + "}";
  }
  return out;
}

std::string strip_trailing_blanks(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t begin = 0;
  while (begin <= text.size()) {
    auto end = text.find('\n', begin);
    const bool last = end == std::string::npos;
    std::string_view line(text.data() + begin, (last ? text.size() : end) - begin);
    const auto keep = line.find_last_not_of(" \t");
    out += line.substr(0, keep == std::string_view::npos ? 0 : keep + 1);
    if (last) {
      break;
    }
    out += '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string render_template(std::string_view text, const template_variables& variables,
                            std::string_view source) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  auto line_at = [&](std::size_t at) {
    return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  };
  while (i < text.size()) {
    const auto dollar = text.find('$', i);
    out += text.substr(i, dollar == std::string_view::npos ? std::string_view::npos : dollar - i);
    if (dollar == std::string_view::npos) {
      break;
    }
    const char next = dollar + 1 < text.size() ? text[dollar + 1] : '\0';
    if (next == '$') {
      out += '$';
      i = dollar + 2;
      continue;
    }
    if (next != '{') {
      out += '$';
      i = dollar + 1;
      continue;
    }
    const auto close = text.find('}', dollar + 2);
    const auto newline = text.find('\n', dollar + 2);
    if (close == std::string_view::npos || newline < close) {
      throw config_error(
          fmt::format("{}:{}: `${{` is not closed by `}}` on its line (write $$ for "
                      "a literal $); known variables: {}",
                      source, line_at(dollar), known_names(variables)));
    }
    const auto name = text.substr(dollar + 2, close - dollar - 2);
    const auto found = variables.find(name);
    if (found == variables.end()) {
      throw config_error(
          fmt::format("{}:{}: unknown template variable ${{{}}}; known variables: {}", source,
                      line_at(dollar), name, known_names(variables)));
    }
    out += found->second;
    i = close + 1;
  }
  return strip_trailing_blanks(out);
}

}  // namespace retort::scaffold
