#include "introspect/table_columns.hpp"

#include <algorithm>
#include <string>

#include "introspect/catalog.hpp"
#include "introspect/column_types.hpp"

namespace retort::introspect {

std::optional<std::vector<ops::column_definition>> read_table_columns(pg::session& session,
                                                                      std::string_view schema,
                                                                      std::string_view table) {
  // The same decoding of types as a full introspection (introspect.cpp), for one relation.
  const auto result = session.exec(sql_statement{R"sql(
      SELECT c.oid IS NOT NULL, a.attname, a.attnotnull, a.attndims, a.atttypmod,
             coalesce(et.typname, t.typname), coalesce(etn.nspname, tn.nspname),
             et.oid IS NOT NULL,
             substr(format_type(coalesce(et.oid, t.oid), a.atttypmod),
                    length(format_type(coalesce(et.oid, t.oid), NULL)) + 1)
      FROM (SELECT pg_catalog.to_regclass(CASE WHEN $1 = '' THEN pg_catalog.quote_ident($2)
                   ELSE pg_catalog.format('%I.%I', $1, $2) END) AS oid) c
      LEFT JOIN pg_catalog.pg_attribute a
        ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
      LEFT JOIN pg_catalog.pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
      LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace
      ORDER BY a.attnum)sql",
                                                 {std::string(schema), std::string(table)}});
  if (result.rows.empty() || !catalog::flag(result.rows.front(), 0)) {
    return std::nullopt;
  }
  std::vector<ops::column_definition> out;
  for (const auto& r : result.rows) {
    if (!r.at(1)) {
      continue;  // a relation without columns
    }
    ops::column_definition c{
        .name = catalog::get(r, 1),
        .type = from_catalog(catalog::get(r, 6), catalog::get(r, 5),
                             static_cast<int>(catalog::number(r, 4)), catalog::get(r, 8)),
        .nullable = !catalog::flag(r, 2)};
    if (catalog::flag(r, 7)) {
      c.type.array_dimensions = std::max<int>(1, static_cast<int>(catalog::number(r, 3)));
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace retort::introspect
