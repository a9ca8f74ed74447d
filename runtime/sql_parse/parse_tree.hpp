#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <pg_query/pg_query.pb-c.h>

namespace retort::sql_parse {

/// Where and why PostgreSQL's grammar rejects a text.
struct syntax_error {
  std::string message;
  /// Byte offset into the text (0-based); -1 when the parser named no position.
  int offset = -1;
};

/// SQL text as PostgreSQL 15's own grammar reads it (libpg_query): one raw statement per
/// top-level statement, with its byte range in the text. Parsing needs no server and runs no SQL.
class parse_tree {
 public:
  /// Parses `sql`, which may hold several statements. Returns nothing and fills `error` when
  /// the text does not parse.
  [[nodiscard]] static std::optional<parse_tree> of(std::string_view sql, syntax_error* error);

  parse_tree(parse_tree&&) noexcept = default;
  parse_tree& operator=(parse_tree&&) noexcept = default;
  ~parse_tree();

  [[nodiscard]] std::size_t size() const noexcept;
  /// The `i`th top-level statement's tree.
  [[nodiscard]] const PgQuery__Node& statement(std::size_t i) const;
  /// The `i`th statement's own text, without the `;` that ends it.
  [[nodiscard]] std::string_view text(std::size_t i) const;

 private:
  struct unpacked_deleter {
    void operator()(PgQuery__ParseResult* result) const noexcept;
  };
  parse_tree(std::string sql, std::unique_ptr<PgQuery__ParseResult, unpacked_deleter> result);

  std::string sql_;
  std::unique_ptr<PgQuery__ParseResult, unpacked_deleter> result_;
};

}  // namespace retort::sql_parse
