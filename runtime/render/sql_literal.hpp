#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sql_statement.hpp"

namespace retort::render {

/// The SQL literal for a text-format parameter value, without a connection: `NULL` for an empty
/// optional; `'text'` with quotes doubled; `E'text'` with backslashes doubled too when the text
/// holds a backslash, so it reads the same whatever `standard_conforming_strings` says. Other
/// bytes (newlines, UTF-8) pass through unchanged. The literal is untyped, as a parameter sent
/// with no type is, so PostgreSQL gives it the same type from the context. Throws `error` on a
/// NUL byte, which PostgreSQL cannot store.
[[nodiscard]] std::string sql_literal(const std::optional<std::string>& value);
/// sql_literal, appended to `out`.
void append_sql_literal(std::string& out, const std::optional<std::string>& value);

/// The statement as one self-contained SQL text: every `$n` placeholder replaced by the literal
/// of parameter n. Placeholders are found as PostgreSQL's lexer finds them, so `$1` inside a
/// quoted identifier, a string, a dollar-quoted body, a comment or an unquoted name (`a$1`) is
/// left alone. A statement without parameters comes back unchanged. Throws `error` when a
/// placeholder has no parameter or a parameter is never used.
[[nodiscard]] std::string inline_parameters(const sql_statement& statement);
/// inline_parameters, appended to `out`.
void append_inline_parameters(std::string& out, const sql_statement& statement);

/// The statement as it goes into a script for `psql`: parameters inlined and a `;` terminator
/// (on a line of its own when the text ends in a `--` comment, which would swallow it). Throws
/// `error` for text that a script cannot carry safely: text that ends inside a string, quoted
/// identifier or comment (the terminator and the statements after it would become part of it),
/// or a backslash outside quotes (PostgreSQL rejects it, but psql would run it as a
/// meta-command such as `\!`).
[[nodiscard]] std::string script_statement(const sql_statement& statement);
/// script_statement, appended to `out`: a script of thousands of statements is written without
/// a string per statement. On `error`, `out` is as it was.
void append_script_statement(std::string& out, const sql_statement& statement);

}  // namespace retort::render
