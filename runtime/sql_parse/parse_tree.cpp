#include "sql_parse/parse_tree.hpp"

#include <pg_query.h>

#include <stdexcept>
#include <utility>

namespace retort::sql_parse {

void parse_tree::unpacked_deleter::operator()(PgQuery__ParseResult* result) const noexcept {
  pg_query__parse_result__free_unpacked(result, nullptr);
}

std::optional<parse_tree> parse_tree::of(std::string_view sql, syntax_error* error) {
  std::string text(sql);  // the parser wants a C string
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf(text.c_str());
  // Frees the parser's buffers on every path; the unpacked tree is a copy.
  struct release {
    PgQueryProtobufParseResult& parsed;
    ~release() { pg_query_free_protobuf_parse_result(parsed); }
  } release_parsed{parsed};
  if (parsed.error != nullptr) {
    if (error != nullptr) {
      *error = {parsed.error->message != nullptr ? parsed.error->message : "syntax error",
                parsed.error->cursorpos > 0 ? parsed.error->cursorpos - 1 : -1};
    }
    return std::nullopt;
  }
  std::unique_ptr<PgQuery__ParseResult, unpacked_deleter> result(pg_query__parse_result__unpack(
      nullptr, parsed.parse_tree.len, reinterpret_cast<const uint8_t*>(parsed.parse_tree.data)));
  if (!result) {
    throw std::runtime_error("libpg_query returned a parse tree it cannot read back");
  }
  return parse_tree(std::move(text), std::move(result));
}

parse_tree::parse_tree(std::string sql,
                       std::unique_ptr<PgQuery__ParseResult, unpacked_deleter> result)
    : sql_(std::move(sql)), result_(std::move(result)) {}

parse_tree::~parse_tree() = default;

std::size_t parse_tree::size() const noexcept {
  return result_ ? result_->n_stmts : 0;
}

const PgQuery__Node& parse_tree::statement(std::size_t i) const {
  return *result_->stmts[i]->stmt;
}

std::string_view parse_tree::text(std::size_t i) const {
  const PgQuery__RawStmt& raw = *result_->stmts[i];
  std::string_view all(sql_);
  const auto begin = std::min<std::size_t>(static_cast<std::size_t>(raw.stmt_location), all.size());
  // A length of 0 means "to the end of the text" (the last statement, without a `;`).
  const auto length =
      raw.stmt_len == 0 ? std::string_view::npos : static_cast<std::size_t>(raw.stmt_len);
  const auto out = all.substr(begin, length);
  constexpr std::string_view blank = " \t\r\n;";
  const auto first = out.find_first_not_of(blank);
  if (first == std::string_view::npos) {
    return {};
  }
  return out.substr(first, out.find_last_not_of(blank) - first + 1);
}

}  // namespace retort::sql_parse
