#include "introspect/batch_key.hpp"

#include <string>

namespace retort::introspect {

namespace {

// The relation `schema.table` names, or NULL; `$1` schema, `$2` table.
constexpr std::string_view relation =
    "pg_catalog.to_regclass(CASE WHEN $1 = '' THEN pg_catalog.quote_ident($2) ELSE "
    "pg_catalog.format('%I.%I', $1, $2) END)";

}  // namespace

bool is_batch_key(pg::session& session, std::string_view schema, std::string_view table,
                  std::string_view column) {
  const auto result = session.exec(sql_statement{
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON "
      "a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = " +
          std::string(relation) +
          " AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1 AND i.indpred IS NULL AND "
          "i.indexprs IS NULL AND a.attname = $3 AND a.attnotnull)",
      {std::string(schema), std::string(table), std::string(column)}});
  return result.rows.at(0).at(0) == std::optional<std::string>("t");
}

std::int64_t estimated_rows(pg::session& session, std::string_view schema, std::string_view table) {
  const auto result = session.exec(sql_statement{
      "SELECT coalesce((SELECT greatest(c.reltuples, 0)::bigint FROM pg_catalog.pg_class c WHERE "
      "c.oid = " +
          std::string(relation) + "), 0)",
      {std::string(schema), std::string(table)}});
  return std::stoll(result.rows.at(0).at(0).value_or("0"));
}

}  // namespace retort::introspect
