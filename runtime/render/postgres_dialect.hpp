#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/operations.hpp>
#include <retort/types.hpp>

#include "render/dialect.hpp"

namespace retort::render {

/// PostgreSQL 12+ SQL. Every identifier is quoted, so any name (reserved, mixed-case, hostile)
/// means exactly itself.
class postgres_dialect final : public dialect {
 public:
  [[nodiscard]] std::vector<sql_statement> render(const operation& op) const override;
  /// `"name"`, with embedded double quotes doubled.
  [[nodiscard]] std::string quote_identifier(std::string_view name) const override;
  /// `"schema"."name"`, or `"name"` when `schema` is empty.
  [[nodiscard]] std::string qualified_name(std::string_view schema, std::string_view name) const;
  /// `'text'`, with embedded single quotes doubled (standard_conforming_strings is on).
  [[nodiscard]] std::string quote_literal(std::string_view text) const;
  /// The type as PostgreSQL spells it: `varchar(16)`, `numeric(10,2)`, `timestamp with time zone`,
  /// `text[]`, `"public"."mood"`.
  [[nodiscard]] std::string render_type(const column_type& type) const;
};

/// The temporary check of `set_not_null`: its `check_name`, or `<table>_<column>_not_null`
/// shortened to 63 bytes.
[[nodiscard]] std::string not_null_check_name(const ops::set_not_null& o);

/// A value as a text-format statement parameter; NULL is an empty optional.
[[nodiscard]] std::optional<std::string> parameter_text(const ops::value& value);

}  // namespace retort::render
