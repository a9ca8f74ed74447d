#include "render/sql_literal.hpp"

#include "render/backfill_sql.hpp"

#include <retort/errors.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <vector>

#include <fmt/format.h>

namespace retort::render {

namespace {

// Letters, digits, `_`, `$` and every non-ASCII byte continue an unquoted name, as in
// PostgreSQL's scanner (`ident_cont`).
bool continues_name(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '$' || u >= 0x80;
}

bool starts_name(char c) {
  return continues_name(c) && c != '$' && !(c >= '0' && c <= '9');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Where a scan of SQL text ended, for deciding whether a script can carry it.
struct scan_end {
  bool in_line_comment = false;
  bool unterminated = false;  ///< inside a string, quoted identifier, dollar quote or /* */
  std::optional<std::size_t> backslash{};  ///< offset of a backslash outside quotes
};

// A placeholder `$n` found at [begin, end).
struct placeholder {
  std::size_t begin;
  std::size_t end;
  std::size_t number;
};

// The characters at which the lexer below does anything but step over them.
constexpr std::array<bool, 256> lexer_stops = [] {
  std::array<bool, 256> stops{};
  for (unsigned char c : std::string_view("'\"-/$\\")) {
    stops[c] = true;
  }
  return stops;
}();

// Walks `sql` as PostgreSQL's lexer would (with standard_conforming_strings on, its default
// since 9.1), reporting each parameter placeholder outside quotes and comments.
scan_end scan(std::string_view sql, const std::function<void(const placeholder&)>& found) {
  scan_end end;
  std::size_t i = 0;
  const std::size_t n = sql.size();
  auto prev_continues_name = [&](std::size_t at) { return at > 0 && continues_name(sql[at - 1]); };
  while (i < n) {
    // Names, keywords, numbers and spaces, most of any statement, in one tight loop: a script
    // walks each statement twice, and this walk was 4% of `upgrade --sql` at 5,000 revisions.
    while (i < n && !lexer_stops[static_cast<unsigned char>(sql[i])]) {
      ++i;
    }
    if (i == n) {
      break;
    }
    char c = sql[i];
    if (c == '\'') {
      // E'...' (a lone E or e token before the quote) takes backslash escapes.
      bool escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && !prev_continues_name(i - 1);
      ++i;
      bool closed = false;
      while (i < n) {
        if (escapes && sql[i] == '\\') {
          i += 2;
          continue;
        }
        if (sql[i] == '\'') {
          if (i + 1 < n && sql[i + 1] == '\'') {
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        ++i;
      }
      if (!closed) {
        end.unterminated = true;
        return end;
      }
    } else if (c == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (sql[i] == '"') {
          if (i + 1 < n && sql[i + 1] == '"') {
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        ++i;
      }
      if (!closed) {
        end.unterminated = true;
        return end;
      }
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n' && sql[i] != '\r') {
        ++i;
      }
      if (i == n) {
        end.in_line_comment = true;
      }
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // Block comments nest in PostgreSQL.
      int depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
      if (depth > 0) {
        end.unterminated = true;
        return end;
      }
    } else if (c == '$' && !prev_continues_name(i)) {
      if (i + 1 < n && is_digit(sql[i + 1])) {
        std::size_t j = i + 1;
        std::size_t number = 0;
        while (j < n && is_digit(sql[j])) {
          number = number * 10 + static_cast<std::size_t>(sql[j] - '0');
          if (number > 1'000'000) {
            number = 1'000'000;  // far beyond any statement's parameters; avoids overflow
          }
          ++j;
        }
        found({i, j, number});
        i = j;
        continue;
      }
      // A dollar quote: $$...$$ or $tag$...$tag$.
      std::size_t j = i + 1;
      if (j < n && starts_name(sql[j])) {
        while (j < n && continues_name(sql[j]) && sql[j] != '$') {
          ++j;
        }
      }
      if (j < n && sql[j] == '$') {
        auto tag = sql.substr(i, j - i + 1);
        auto close = sql.find(tag, j + 1);
        if (close == std::string_view::npos) {
          end.unterminated = true;
          return end;
        }
        i = close + tag.size();
        continue;
      }
      ++i;
    } else if (c == '\\') {
      if (!end.backslash) {
        end.backslash = i;
      }
      ++i;
    } else {
      ++i;
    }
  }
  return end;
}

}  // namespace

std::string sql_literal(const std::optional<std::string>& value) {
  std::string out;
  append_sql_literal(out, value);
  return out;
}

void append_sql_literal(std::string& out, const std::optional<std::string>& value) {
  if (!value) {
    out += "NULL";
    return;
  }
  const std::string& text = *value;
  if (text.find('\0') != std::string::npos) {
    throw error("a value contains a NUL byte, which PostgreSQL cannot store");
  }
  bool backslash = text.find('\\') != std::string::npos;
  out.reserve(out.size() + text.size() + 3);
  out += backslash ? "E'" : "'";
  for (char c : text) {
    if (c == '\'' || (backslash && c == '\\')) {
      out += c;
    }
    out += c;
  }
  out += '\'';
}

std::string inline_parameters(const sql_statement& statement) {
  std::string out;
  append_inline_parameters(out, statement);
  return out;
}

void append_inline_parameters(std::string& out, const sql_statement& statement) {
  if (statement.params.empty()) {
    out += statement.sql;
    return;
  }
  const auto& params = statement.params;
  std::vector<bool> used(params.size(), false);
  std::size_t copied = 0;
  auto end = scan(statement.sql, [&](const placeholder& p) {
    if (p.number == 0 || p.number > params.size()) {
      throw error(fmt::format("`{}` refers to ${} but the statement has {} parameters",
                              statement.sql, p.number, params.size()));
    }
    out.append(statement.sql, copied, p.begin - copied);
    append_sql_literal(out, params[p.number - 1]);
    used[p.number - 1] = true;
    copied = p.end;
  });
  if (end.unterminated) {
    throw error(fmt::format("`{}` ends inside a string, quoted name or comment", statement.sql));
  }
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) {
      throw error(fmt::format("`{}` never uses parameter ${}", statement.sql, i + 1));
    }
  }
  out.append(statement.sql, copied);
}

std::string script_statement(const sql_statement& statement) {
  std::string out;
  append_script_statement(out, statement);
  return out;
}

void append_script_statement(std::string& out, const sql_statement& statement) {
  if (statement.backfill) {
    out += backfill_script(*statement.backfill);
    out += ';';
    return;
  }
  if (statement.code) {
    throw error(fmt::format("data step \"{}\" is C++ code, which an SQL script cannot hold",
                            statement.code->name));
  }
  const auto start = out.size();
  try {
    append_inline_parameters(out, statement);
    const std::string_view text = std::string_view(out).substr(start);
    auto end = scan(text, [](const placeholder&) {});
    if (end.unterminated) {
      throw error(fmt::format(
          "`{}` ends inside a string, quoted name or comment, so in a script it would swallow "
          "the statements after it",
          text));
    }
    if (end.backslash) {
      throw error(
          fmt::format("`{}` has a backslash outside quotes at offset {}; psql would run it as a "
                      "meta-command",
                      text, *end.backslash));
    }
    out += end.in_line_comment ? "\n;" : ";";
  } catch (...) {
    out.resize(start);
    throw;
  }
}

}  // namespace retort::render
