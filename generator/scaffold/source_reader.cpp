#include "scaffold/source_reader.hpp"

#include <retort/migration_info.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "scaffold/files.hpp"

namespace retort::scaffold {

source_error::source_error(std::filesystem::path file, int line, std::string reason)
    : graph_error(line > 0 ? fmt::format("{}:{}: {}", file.string(), line, reason)
                           : fmt::format("{}: {}", file.string(), reason)),
      file_(std::move(file)),
      line_(line),
      reason_(std::move(reason)) {}

namespace {

constexpr std::string_view macro_name = "RETORT_MIGRATION";

enum class token_kind { identifier, string, character, number, punct };

struct token {
  token_kind kind;
  std::string text;  ///< as written; for a string literal, its decoded value
  int line;
  std::string prefix{};  ///< string and character literals: "", "R", "u8", "L", "LR", ...
  std::size_t end = 0;   ///< the offset just past the token in the text
};

std::string describe(const token& t) {
  switch (t.kind) {
    case token_kind::string:
      return fmt::format("a {}string literal", t.prefix.empty() ? "" : t.prefix + " ");
    case token_kind::character:
      return "a character literal";
    case token_kind::number:
      return fmt::format("the number `{}`", t.text);
    default:
      return fmt::format("`{}`", t.text);
  }
}

bool is_identifier_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_string_prefix(std::string_view id) {
  static constexpr std::array<std::string_view, 9> prefixes{"R",  "L",  "u",  "U",  "u8",
                                                            "LR", "uR", "UR", "u8R"};
  return std::find(prefixes.begin(), prefixes.end(), id) != prefixes.end();
}

bool is_char_prefix(std::string_view id) {
  return id == "L" || id == "u" || id == "U" || id == "u8";
}

// A C++ lexer just deep enough to be sure where comments, literals and brackets are. Directive
// lines are lexed leniently (`#error don't` is valid C++) and kept apart from the code.
class lexer {
 public:
  lexer(std::string_view text, const std::filesystem::path& file) : text_(text), file_(file) {}

  std::vector<token> run() {
    while (pos_ < text_.size()) {
      next();
    }
    return std::move(tokens_);
  }

  /// Identifiers that appeared in preprocessor directives, with their lines.
  [[nodiscard]] const std::vector<token>& directive_tokens() const { return directive_; }

  /// Each directive: its line, its name and the brackets open in the code around it.
  [[nodiscard]] const std::vector<source_outline::directive>& directives() const {
    return directives_;
  }

 private:
  [[noreturn]] void fail(int line, std::string reason) const {
    throw source_error(file_, line, std::move(reason));
  }

  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  void emit(token t) {
    t.end = pos_;
    if (in_directive_) {
      if (!directive_named_) {
        directive_named_ = true;
        if (t.kind == token_kind::identifier) {
          directives_.back().name = t.text;
        }
      }
      directive_.push_back(std::move(t));
      return;
    }
    if (t.kind == token_kind::punct) {
      if (t.text == "(" || t.text == "{" || t.text == "[") {
        ++depth_;
      } else if (t.text == ")" || t.text == "}" || t.text == "]") {
        --depth_;
      }
    }
    tokens_.push_back(std::move(t));
  }

  void newline() {
    ++line_;
    at_line_start_ = true;
    in_directive_ = false;
  }

  void next() {
    char c = peek();
    if (c == '\n') {
      ++pos_;
      newline();
      return;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
      ++pos_;
      return;
    }
    // A line splice outside a literal joins two lines; a directive continues on the next one.
    if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
      pos_ += peek(1) == '\n' ? 2 : 3;
      ++line_;
      return;
    }
    if (c == '/' && peek(1) == '/') {
      line_comment();
      return;
    }
    if (c == '/' && peek(1) == '*') {
      block_comment();
      return;
    }
    const bool line_start = at_line_start_;
    at_line_start_ = false;
    if (c == '#' && line_start && !in_directive_) {
      ++pos_;
      in_directive_ = true;
      directive_named_ = false;
      directives_.push_back({.line = line_, .name = {}, .depth = depth_});
      return;
    }
    if (is_identifier_start(c)) {
      identifier_or_prefixed_literal();
    } else if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
      number();
    } else if (c == '"') {
      ++pos_;
      quoted('"', "", line_);
    } else if (c == '\'') {
      ++pos_;
      if (in_directive_) {
        return;  // `#error don't`: an apostrophe in a directive is just text
      }
      quoted('\'', "", line_);
    } else {
      ++pos_;
      emit({token_kind::punct, std::string(1, c), line_});
    }
  }

  void line_comment() {
    // A comment ends at a newline that is not spliced by a backslash.
    while (pos_ < text_.size() && text_[pos_] != '\n') {
      if (text_[pos_] == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
        pos_ += peek(1) == '\n' ? 2 : 3;
        ++line_;
        continue;
      }
      ++pos_;
    }
  }

  void block_comment() {
    const int start = line_;
    pos_ += 2;
    while (pos_ < text_.size()) {
      if (text_[pos_] == '*' && peek(1) == '/') {
        pos_ += 2;
        return;
      }
      if (text_[pos_] == '\n') {
        ++line_;
      }
      ++pos_;
    }
    fail(start, "unterminated /* comment: it is never closed with */");
  }

  void identifier_or_prefixed_literal() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_identifier_char(text_[pos_])) {
      ++pos_;
    }
    std::string id(text_.substr(start, pos_ - start));
    if (peek() == '"' && is_string_prefix(id)) {
      ++pos_;
      if (id.back() == 'R') {
        raw_string(id);
      } else {
        quoted('"', id, line_);
      }
      return;
    }
    if (peek() == '\'' && is_char_prefix(id)) {
      ++pos_;
      quoted('\'', id, line_);
      return;
    }
    emit({token_kind::identifier, std::move(id), line_});
  }

  void number() {
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      char previous = pos_ > start ? text_[pos_ - 1] : '\0';
      bool exponent_sign = (c == '+' || c == '-') && (previous == 'e' || previous == 'E' ||
                                                      previous == 'p' || previous == 'P');
      bool separator = c == '\'' && is_identifier_char(peek(1));  // 1'000'000
      if (is_identifier_char(c) || c == '.' || exponent_sign || separator) {
        ++pos_;
      } else {
        break;
      }
    }
    emit({token_kind::number, std::string(text_.substr(start, pos_ - start)), line_});
  }

  // The body of "..." or '...' (opening quote consumed), escapes decoded.
  void quoted(char quote, std::string prefix, int start_line) {
    std::string value;
    const char* what = quote == '"' ? "string literal" : "character literal";
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        if (in_directive_) {
          return;  // lenient in directives: `#error "unbalanced` is the compiler's business
        }
        fail(start_line,
             fmt::format("unterminated {}: it is not closed before the end of the line", what));
      }
      char c = text_[pos_++];
      if (c == quote) {
        break;
      }
      if (c != '\\') {
        value += c;
        continue;
      }
      if (in_directive_) {
        // Not decoded in a directive; a backslash-newline there is a splice.
        if (pos_ < text_.size()) {
          line_ += text_[pos_] == '\n' ? 1 : 0;
          ++pos_;
        }
        continue;
      }
      escape(value);
    }
    if (quote == '\'' && value.empty()) {
      fail(start_line, "empty character literal ''");
    }
    emit({quote == '"' ? token_kind::string : token_kind::character, std::move(value), start_line,
          std::move(prefix)});
  }

  // After a backslash: decodes one escape sequence into `out`.
  void escape(std::string& out) {
    if (pos_ >= text_.size()) {
      fail(line_, "a backslash ends the file");
    }
    char c = text_[pos_++];
    switch (c) {
      case '\'':
      case '"':
      case '?':
      case '\\':
        out += c;
        return;
      case 'a':
        out += '\a';
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'v':
        out += '\v';
        return;
      case '\n':
      case '\r':
        fail(line_,
             "a backslash at the end of a line inside a literal (a line splice): write "
             "\\n, or close the literal and start another on the next line");
      case 'x': {
        std::uint32_t value = 0;
        std::size_t digits = 0;
        for (; hex_value(peek()) >= 0; ++pos_, ++digits) {
          value = value * 16 + static_cast<std::uint32_t>(hex_value(peek()));
          if (value > 0xFF) {
            fail(line_,
                 "escape sequence \\x... is out of range for a char (at most \\xff); a "
                 "hexadecimal escape takes every hexadecimal digit that follows it");
          }
        }
        if (digits == 0) {
          fail(line_, "bad escape sequence \\x: hexadecimal digits must follow");
        }
        out += static_cast<char>(value);
        return;
      }
      case 'u':
      case 'U': {
        const int count = c == 'u' ? 4 : 8;
        std::uint32_t value = 0;
        for (int i = 0; i < count; ++i) {
          if (hex_value(peek()) < 0) {
            fail(line_, fmt::format("bad escape sequence \\{}: exactly {} hexadecimal digits must "
                                    "follow",
                                    c, count));
          }
          value = value * 16 + static_cast<std::uint32_t>(hex_value(peek()));
          ++pos_;
        }
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
          fail(line_, fmt::format("bad escape sequence \\{}: {:X} is not a Unicode scalar value", c,
                                  value));
        }
        append_utf8(out, value);
        return;
      }
      default:
        if (c >= '0' && c <= '7') {
          unsigned value = static_cast<unsigned>(c - '0');
          for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) {
            value = value * 8 + static_cast<unsigned>(peek() - '0');
            ++pos_;
          }
          if (value > 0xFF) {
            fail(line_, "octal escape sequence out of range for a char (at most \\377)");
          }
          out += static_cast<char>(value);
          return;
        }
        fail(line_, fmt::format("bad escape sequence \\{}", c));
    }
  }

  // R"delimiter( ... )delimiter", the opening quote consumed.
  void raw_string(std::string prefix) {
    const int start_line = line_;
    const std::size_t open = text_.find('(', pos_);
    if (open == std::string_view::npos || open - pos_ > 16 ||
        text_.substr(pos_, open - pos_).find_first_of(" )\\\t\n\v\f\"") != std::string_view::npos) {
      fail(start_line,
           "bad raw string literal: R\" must be followed by a delimiter of at most 16 "
           "characters and (");
    }
    const std::string closing = ")" + std::string(text_.substr(pos_, open - pos_)) + "\"";
    const std::size_t end = text_.find(closing, open + 1);
    if (end == std::string_view::npos) {
      fail(start_line, fmt::format("unterminated raw string literal: `{}` never comes", closing));
    }
    std::string value(text_.substr(open + 1, end - open - 1));
    line_ += static_cast<int>(std::count(value.begin(), value.end(), '\n'));
    pos_ = end + closing.size();
    emit({token_kind::string, std::move(value), start_line, std::move(prefix)});
  }

  std::string_view text_;
  const std::filesystem::path& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  bool at_line_start_ = true;
  bool in_directive_ = false;
  bool directive_named_ = false;
  int depth_ = 0;
  std::vector<source_outline::directive> directives_;
  std::vector<token> tokens_;
  std::vector<token> directive_;
};

// Every closing bracket closes the last one opened; nothing stays open.
void check_brackets(const std::vector<token>& tokens, const std::filesystem::path& file) {
  std::vector<const token*> open;
  for (const auto& t : tokens) {
    if (t.kind != token_kind::punct) {
      continue;
    }
    const char c = t.text[0];
    if (c == '(' || c == '[' || c == '{') {
      open.push_back(&t);
      continue;
    }
    if (c != ')' && c != ']' && c != '}') {
      continue;
    }
    const char expected_opener = c == ')' ? '(' : c == ']' ? '[' : '{';
    if (open.empty()) {
      throw source_error(file, t.line,
                         fmt::format("unbalanced brackets: `{}` closes nothing", t.text));
    }
    if (open.back()->text[0] != expected_opener) {
      throw source_error(file, t.line,
                         fmt::format("unbalanced brackets: `{}` closes the `{}` opened at line {}",
                                     t.text, open.back()->text, open.back()->line));
    }
    open.pop_back();
  }
  if (!open.empty()) {
    throw source_error(
        file, open.back()->line,
        fmt::format("unbalanced brackets: this `{}` is never closed", open.back()->text));
  }
}

enum class field {
  revision,
  down_revision,
  message,
  branch_labels,
  depends_on,
  transactional,
  replaces
};

constexpr std::array<std::string_view, 7> field_names{
    "revision",   "down_revision", "message", "branch_labels",
    "depends_on", "transactional", "replaces"};

// The header grammar, over the tokens after `RETORT_MIGRATION`.
class header_parser {
 public:
  header_parser(const std::vector<token>& tokens, std::size_t at, const std::filesystem::path& file)
      : tokens_(tokens), at_(at), file_(file) {}

  migration_source parse(int macro_line) {
    migration_source out{.file = file_, .line = macro_line, .revision = {}};
    expect("(", "after RETORT_MIGRATION");
    const token& open = expect("{", "to open the header: RETORT_MIGRATION({.revision = ...})");
    std::array<int, field_names.size()> seen{};  // line of each field, 0 if absent
    int last = -1;
    while (!is_punct(current(), "}")) {
      const token& dot = current();
      if (!is_punct(dot, ".")) {
        fail(dot, fmt::format("expected a designated field such as `.revision = \"...\"`, found {}",
                              describe(dot)));
      }
      ++at_;
      const token& name = current();
      if (name.kind != token_kind::identifier) {
        fail(name, fmt::format("expected a field name after `.`, found {}", describe(name)));
      }
      auto it = std::find(field_names.begin(), field_names.end(), name.text);
      if (it == field_names.end()) {
        fail(name, fmt::format("unknown field `.{}`: a RETORT_MIGRATION header has .revision, "
                               ".down_revision, .message, .branch_labels, .depends_on, "
                               ".transactional and .replaces",
                               name.text));
      }
      const auto index = static_cast<int>(it - field_names.begin());
      if (seen[index] != 0) {
        fail(name, fmt::format("`.{}` is given twice (first at line {})", name.text, seen[index]));
      }
      if (index < last) {
        fail(name, fmt::format("`.{}` must come before `.{}`: designated fields follow the "
                               "declaration order (revision, down_revision, message, "
                               "branch_labels, depends_on, transactional, replaces)",
                               name.text, field_names[last]));
      }
      seen[index] = name.line;
      last = index;
      ++at_;
      value(static_cast<field>(index), out);
      if (is_punct(current(), ",")) {
        ++at_;
      } else if (!is_punct(current(), "}")) {
        fail(current(), fmt::format("expected `,` or `}}` after the value of `.{}`, found {}",
                                    name.text, describe(current())));
      }
    }
    ++at_;  // }
    expect(")", "to close RETORT_MIGRATION(");
    expect(";", "after RETORT_MIGRATION(...)");
    if (seen[static_cast<int>(field::revision)] == 0) {
      fail(open, "the header has no `.revision`");
    }
    if (seen[static_cast<int>(field::message)] == 0) {
      fail(open, "the header has no `.message`; the compiler requires a non-empty message");
    }
    return out;
  }

 private:
  [[noreturn]] void fail(const token& at, std::string reason) const {
    throw source_error(file_, at.line, std::move(reason));
  }

  [[nodiscard]] const token& current() const {
    if (at_ >= tokens_.size()) {
      // Brackets are balanced, so the header cannot run off the end; keep a clear message anyway.
      fail(tokens_.back(), "the file ends inside the RETORT_MIGRATION header");
    }
    return tokens_[at_];
  }

  static bool is_punct(const token& t, std::string_view p) {
    return t.kind == token_kind::punct && t.text == p;
  }

  const token& expect(std::string_view p, std::string_view where) {
    const token& t = current();
    if (!is_punct(t, p)) {
      fail(t, fmt::format("expected `{}` {}, found {}", p, where, describe(t)));
    }
    ++at_;
    return t;
  }

  // `= value` or `{value}` (a designator with a brace initializer).
  void value(field f, migration_source& out) {
    const std::string_view name = field_names[static_cast<int>(f)];
    bool braced = false;
    if (is_punct(current(), "=")) {
      ++at_;
    } else if (is_punct(current(), "{")) {
      braced = f != field::down_revision && f != field::branch_labels && f != field::depends_on &&
               f != field::replaces;
      if (braced) {
        ++at_;
      }
    } else {
      fail(current(), fmt::format("expected `=` after `.{}`, found {}", name, describe(current())));
    }
    if (!braced && (f == field::revision || f == field::message || f == field::transactional) &&
        is_punct(current(), "{")) {
      ++at_;  // `.message = {"..."}` is a valid copy-list-initialization
      braced = true;
    }
    switch (f) {
      case field::revision: {
        const token& t = current();
        out.revision = string_value(name);
        check_id(t, out.revision, "`.revision`");
        break;
      }
      case field::message: {
        const token& t = current();
        out.message = string_value(name);
        if (out.message.empty()) {
          fail(t, "`.message` is empty; the compiler requires a non-empty message");
        }
        break;
      }
      case field::transactional: {
        const token& t = current();
        if (t.kind != token_kind::identifier || (t.text != "true" && t.text != "false")) {
          fail(t, fmt::format("`.transactional` must be `true` or `false`, found {}; the reader "
                              "does not evaluate names, macros or expressions",
                              describe(t)));
        }
        out.transactional = t.text == "true";
        ++at_;
        break;
      }
      case field::down_revision:
        out.down_revision = list_value(name);
        break;
      case field::branch_labels:
        out.branch_labels = list_value(name);
        break;
      case field::depends_on:
        out.depends_on = list_value(name);
        break;
      case field::replaces:
        out.replaces = list_value(name);
        break;
    }
    if (braced) {
      expect("}", fmt::format("to close the value of `.{}`", name));
    }
  }

  // One or more adjacent string literals, concatenated as the compiler does.
  std::string string_value(std::string_view name) {
    const token& first = current();
    if (first.kind != token_kind::string) {
      fail(first, fmt::format("`.{}` must be a string literal, found {}; the reader does not "
                              "evaluate names, macros or expressions",
                              name, describe(first)));
    }
    std::string out;
    while (current().kind == token_kind::string) {
      const token& t = current();
      if (!t.prefix.empty() && t.prefix != "R") {
        fail(t, fmt::format("`.{}` must be a plain \"...\" or R\"(...)\" literal, not a {} literal",
                            name, t.prefix));
      }
      out += t.text;
      ++at_;
    }
    return out;
  }

  std::vector<std::string> list_value(std::string_view name) {
    const token& open = current();
    if (!is_punct(open, "{")) {
      fail(open, fmt::format("`.{}` must be a braced list of string literals such as "
                             "{{\"1f3e5a7c9b01\"}} (or {{}}), found {}",
                             name, describe(open)));
    }
    ++at_;
    std::vector<std::string> out;
    while (!is_punct(current(), "}")) {
      const token& t = current();
      if (t.kind != token_kind::string) {
        fail(t, fmt::format("`.{}`: expected a string literal, or the `}}` that closes the list "
                            "opened at line {}, found {}; the reader does not evaluate names, "
                            "macros or expressions",
                            name, open.line, describe(t)));
      }
      out.push_back(string_value(name));
      check_id(t, out.back(), fmt::format("an entry of `.{}`", name));
      if (is_punct(current(), ",")) {
        ++at_;
      } else if (!is_punct(current(), "}")) {
        fail(current(), fmt::format("expected `,` or `}}` in the list of `.{}`, found {}", name,
                                    describe(current())));
      }
    }
    const std::size_t capacity = name == "replaces" ? replaced_list::capacity : id_list::capacity;
    if (out.size() > capacity) {
      fail(open, fmt::format("`.{}` has {} entries; this list holds at most {}", name, out.size(),
                             capacity));
    }
    ++at_;  // }
    return out;
  }

  void check_id(const token& at, const std::string& id, std::string_view what) const {
    if (!is_valid_revision_id(id)) {
      fail(at, fmt::format("{} \"{}\" is not a valid id: use 1 to 64 letters, digits or "
                           "underscores",
                           what, id));
    }
  }

  const std::vector<token>& tokens_;
  std::size_t at_;
  const std::filesystem::path& file_;
};

}  // namespace

migration_source parse_migration_source(std::string_view text, const std::filesystem::path& file) {
  lexer lex(text, file);
  const auto tokens = lex.run();
  for (const auto& t : lex.directive_tokens()) {
    if (t.kind == token_kind::identifier && t.text == macro_name) {
      throw source_error(file, t.line,
                         "RETORT_MIGRATION inside a preprocessor directive: the reader does not "
                         "expand macros; write the header at file scope");
    }
  }
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != token_kind::identifier || tokens[i].text != macro_name) {
      continue;
    }
    if (found) {
      throw source_error(file, tokens[i].line,
                         fmt::format("a second RETORT_MIGRATION header (the first is at line {}): "
                                     "one migration per file",
                                     tokens[*found].line));
    }
    found = i;
  }
  if (!found) {
    throw missing_header_error(
        file, 1,
        "no RETORT_MIGRATION header: a migration file declares its revision with "
        "RETORT_MIGRATION({.revision = ..., .down_revision = ..., .message = ...})");
  }
  // The header first: inside it, a missing bracket gets a message about the header.
  auto out = header_parser(tokens, *found + 1, file).parse(tokens[*found].line);
  check_brackets(tokens, file);
  for (const auto& down : out.down_revision) {
    if (down == out.revision) {
      throw source_error(file, tokens[*found].line,
                         fmt::format("revision {} names itself as its down_revision", down));
    }
  }
  return out;
}

text_span header_span(std::string_view text, const std::filesystem::path& file) {
  (void)parse_migration_source(text, file);
  lexer lex(text, file);
  const auto tokens = lex.run();
  auto macro = std::find_if(tokens.begin(), tokens.end(), [](const token& t) {
    return t.kind == token_kind::identifier && t.text == macro_name;
  });
  // The header parsed: `RETORT_MIGRATION ( { ... } ) ;` with balanced brackets inside.
  int depth = 0;
  for (auto t = macro + 1; t != tokens.end(); ++t) {
    if (t->kind != token_kind::punct) {
      continue;
    }
    if (t->text == "(" || t->text == "{" || t->text == "[") {
      ++depth;
    } else if (t->text == ")" || t->text == "}" || t->text == "]") {
      --depth;
    } else if (t->text == ";" && depth == 0) {
      return {.begin = macro->end - macro_name.size(), .end = t->end};
    }
  }
  throw source_error(file, macro->line, "the RETORT_MIGRATION header has no closing `;`");
}

source_outline outline_source(std::string_view text, const std::filesystem::path& file) {
  lexer lex(text, file);
  const auto tokens = lex.run();
  source_outline out{
      .directives = lex.directives(), .identifiers = {}, .explicit_specialisations = {}};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != token_kind::identifier) {
      continue;
    }
    out.identifiers.push_back({.line = tokens[i].line, .text = tokens[i].text});
    auto punct = [&](std::size_t at, std::string_view text) {
      return at < tokens.size() && tokens[at].kind == token_kind::punct && tokens[at].text == text;
    };
    if (tokens[i].text == "template" && punct(i + 1, "<") && punct(i + 2, ">")) {
      out.explicit_specialisations.push_back(tokens[i].line);
    }
  }
  return out;
}

migration_source read_migration_file(const std::filesystem::path& file) {
  const auto text = read_text(file);
  if (!text) {
    throw source_error(file, 0, "cannot open the file");
  }
  return parse_migration_source(*text, file);
}

std::vector<migration_source> read_version_locations(
    const std::vector<std::filesystem::path>& locations) {
  std::vector<migration_source> out;
  for (const auto& location : locations) {
    std::error_code ec;
    if (!std::filesystem::is_directory(location, ec)) {
      throw config_error(fmt::format(
          "the versions directory {} does not exist: run `retort init`, or set `versions` in "
          "retort.toml",
          location.string()));
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(location)) {
      if (entry.is_regular_file() && entry.path().extension() == ".cpp") {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      out.push_back(read_migration_file(file));
    }
  }
  return out;
}

revision_info to_revision_info(const migration_source& source) {
  return {.revision = source.revision,
          .down_revisions = source.down_revision,
          .branch_labels = source.branch_labels,
          .depends_on = source.depends_on,
          .message = source.message,
          .source = source.file.string(),
          .replaces = source.replaces};
}

revision_graph make_graph(const std::vector<migration_source>& sources) {
  std::vector<revision_info> infos;
  infos.reserve(sources.size());
  for (const auto& source : sources) {
    infos.push_back(to_revision_info(source));
  }
  return revision_graph(std::move(infos));
}

}  // namespace retort::scaffold
