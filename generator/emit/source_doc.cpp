#include "emit/source_doc.hpp"

#include <utility>

#include <fmt/format.h>

#include "scaffold/script.hpp"

namespace retort::emit::detail {

namespace {

char closing(char open) {
  return open == '(' ? ')' : '}';
}

// A string of several lines is one literal when it fits a line, else adjacent literals, one a
// line. A leaf holds the latter form, its literals apart by raw newlines (a literal itself never
// holds one: it is escaped).
constexpr std::string_view joint = "\"\n\"";

std::string one_literal(std::string text) {
  for (auto at = text.find(joint); at != std::string::npos; at = text.find(joint, at)) {
    text.erase(at, joint.size());
  }
  return text;
}

std::string literal_lines(const std::string& text, int indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += std::string(static_cast<std::size_t>(indent), ' ');
    }
  }
  return out;
}

std::string flat(const doc& d) {
  if (d.open == 0) {
    return one_literal(d.text);
  }
  std::string out = d.text + d.open;
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + flat(d.items[i]);
  }
  return out + closing(d.open) + d.suffix;
}

}  // namespace

doc leaf(std::string text) {
  return {std::move(text)};
}
doc call(std::string function, std::vector<doc> args) {
  return {std::move(function), '(', std::move(args)};
}
doc braces(std::vector<doc> items) {
  return {"", '{', std::move(items)};
}
doc field(std::string_view name, doc value) {
  value.text = fmt::format(".{} = {}", name, value.text);
  return value;
}

std::string layout(const doc& d, int indent, int trailing) {
  auto one_line = flat(d);
  if (indent + static_cast<int>(one_line.size()) + trailing <= column_limit) {
    return one_line;
  }
  if (d.open == 0) {
    return literal_lines(d.text, indent);
  }
  if (d.items.empty()) {
    return one_line;
  }
  // As clang-format breaks a call: the bracket ends the line, each item gets its own line, and
  // the closing bracket follows the last item.
  std::string out = d.text + d.open;
  const int inner = indent + continuation;
  const int closers = 1 + static_cast<int>(d.suffix.size()) + trailing;
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    bool last = i + 1 == d.items.size();
    out += "\n" + std::string(static_cast<std::size_t>(inner), ' ') +
           layout(d.items[i], inner, last ? closers : 1) + (last ? "" : ",");
  }
  return out + closing(d.open) + d.suffix;
}

doc str(std::string_view text) {
  std::string pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    pieces += (pieces.empty() ? "" : "\n") +
              scaffold::cpp_string_literal(text.substr(start, end - start));
    start = end;
  }
  return leaf(pieces.empty() ? scaffold::cpp_string_literal(text) : pieces);
}

doc strings(const std::vector<std::string>& items) {
  std::vector<doc> out;
  for (const auto& item : items) {
    out.push_back(str(item));
  }
  return braces(std::move(out));
}

doc number(std::int64_t value) {
  return leaf(fmt::format("{}", value));
}

}  // namespace retort::emit::detail
