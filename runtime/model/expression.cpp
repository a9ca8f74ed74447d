#include "model/expression.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <string>
#include <vector>

namespace retort::model {

namespace {

enum class token_kind { word, quoted_name, string, number, symbol };

struct token {
  token_kind kind;
  std::string text;
};

bool is_word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_word_char(char c) {
  return is_word_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$';
}
bool is_operator_char(char c) {
  return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos;
}

// A quoted name that PostgreSQL would print unquoted: quoting it changes nothing.
bool needs_no_quotes(std::string_view name) {
  if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) != 0 || name[0] == '_')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0 ||
           std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

std::vector<token> tokenise(std::string_view sql) {
  std::vector<token> out;
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < sql.size() && sql[i + 1] == '\'')) {
      i += c == '\'' ? 1 : 2;
      while (i < sql.size()) {
        if (sql[i] == '\'' && i + 1 < sql.size() && sql[i + 1] == '\'') {
          i += 2;
        } else if (sql[i] == '\\' && sql[start] != '\'' && i + 1 < sql.size()) {
          i += 2;
        } else if (sql[i] == '\'') {
          ++i;
          break;
        } else {
          ++i;
        }
      }
      out.push_back({token_kind::string, std::string(sql.substr(start, i - start))});
    } else if (c == '"') {
      std::string name;
      ++i;
      while (i < sql.size()) {
        if (sql[i] == '"' && i + 1 < sql.size() && sql[i + 1] == '"') {
          name += '"';
          i += 2;
        } else if (sql[i] == '"') {
          ++i;
          break;
        } else {
          name += sql[i++];
        }
      }
      if (needs_no_quotes(name)) {
        out.push_back({token_kind::word, name});
      } else {
        out.push_back({token_kind::quoted_name, std::string(sql.substr(start, i - start))});
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
               (c == '.' && i + 1 < sql.size() &&
                std::isdigit(static_cast<unsigned char>(sql[i + 1])) != 0)) {
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) != 0 ||
                                sql[i] == '.' || sql[i] == '_')) {
        ++i;
      }
      out.push_back({token_kind::number, std::string(sql.substr(start, i - start))});
    } else if (is_word_start(c)) {
      std::string word;
      while (i < sql.size() && is_word_char(sql[i])) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i++])));
      }
      out.push_back({token_kind::word, word});
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      i += 2;
      out.push_back({token_kind::symbol, "::"});
    } else if (is_operator_char(c)) {
      while (i < sql.size() && is_operator_char(sql[i])) {
        ++i;
      }
      out.push_back({token_kind::symbol, std::string(sql.substr(start, i - start))});
    } else {
      ++i;
      out.push_back({token_kind::symbol, std::string(1, c)});
    }
  }
  return out;
}

bool is(const token& t, std::string_view symbol) {
  return t.kind == token_kind::symbol && t.text == symbol;
}

// Index of the `)` matching the `(` at `open`, or npos.
std::size_t closing(const std::vector<token>& t, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (is(t[i], "(")) {
      ++depth;
    } else if (is(t[i], ")") && --depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}

// Words after which `(` opens an argument list or a subquery rather than grouping.
bool is_call_paren(const std::vector<token>& t, std::size_t open) {
  if (open == 0) {
    return false;
  }
  const auto& before = t[open - 1];
  if (before.kind == token_kind::quoted_name) {
    return true;
  }
  if (before.kind != token_kind::word) {
    return false;
  }
  constexpr std::array<std::string_view, 6> grouping{"and", "or", "not", "when", "then", "else"};
  return std::find(grouping.begin(), grouping.end(), before.text) == grouping.end();
}

// PostgreSQL prints every operator expression in parentheses; an author writes few. Grouping
// parentheses go on both sides (a change of grouping alone is not seen: the price of simplicity).
void remove_grouping_parens(std::vector<token>& t) {
  std::vector<std::size_t> stack;
  std::vector<bool> drop(t.size(), false);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (is(t[i], "(")) {
      stack.push_back(i);
    } else if (is(t[i], ")") && !stack.empty()) {
      auto open = stack.back();
      stack.pop_back();
      if (!is_call_paren(t, open) && i != open + 1) {
        drop[open] = drop[i] = true;
      }
    }
  }
  std::vector<token> kept;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!drop[i]) {
      kept.push_back(std::move(t[i]));
    }
  }
  t = std::move(kept);
}

// The type name after `::` at `at`: words (`character varying`, `timestamp with time zone`,
// `schema.type`), a modifier in parentheses, array brackets. Returns the index after it.
std::size_t end_of_type(const std::vector<token>& t, std::size_t at) {
  constexpr std::array<std::string_view, 8> continuing{"varying", "precision", "with", "without",
                                                       "time",    "zone",      "char", "double"};
  std::size_t i = at;
  if (i < t.size() && (t[i].kind == token_kind::word || t[i].kind == token_kind::quoted_name)) {
    ++i;
  }
  while (i < t.size()) {
    if (t[i].kind == token_kind::word &&
        std::find(continuing.begin(), continuing.end(), t[i].text) != continuing.end()) {
      ++i;
    } else if (is(t[i], ".") && i + 1 < t.size()) {
      i += 2;
    } else if (is(t[i], "(")) {
      auto close = closing(t, i);
      i = close == std::string::npos ? t.size() : close + 1;
    } else if (is(t[i], "[") && i + 1 < t.size() && is(t[i + 1], "]")) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

// `'x'::text`, `(0)::numeric`, `(country)::text`: PostgreSQL writes out the casts it applies
// implicitly; an author does not. All casts go, on both sides.
void remove_casts(std::vector<token>& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (is(t[i], "::")) {
      auto end = end_of_type(t, i + 1);
      t.erase(t.begin() + static_cast<std::ptrdiff_t>(i),
              t.begin() + static_cast<std::ptrdiff_t>(end));
      --i;
    }
  }
}

}  // namespace

std::string normalise_expression(std::string_view sql) {
  auto tokens = tokenise(sql);
  remove_casts(tokens);
  remove_grouping_parens(tokens);
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) {
      out += ' ';
    }
    out += t.text;
  }
  return out;
}

}  // namespace retort::model
