#include "introspect/user_objects.hpp"

#include <fmt/format.h>

#include "introspect/catalog.hpp"
#include "pg/text_array.hpp"

namespace retort::introspect {

std::vector<std::string> user_objects(pg::session& session, const bookkeeping& kept) {
  // $1: the bookkeeping schema, $2: its tables, $3: its functions. A sequence counts as kept
  // when a kept table owns it (an identity or serial column of the history table).
  const std::string kept_relation = R"sql(
    (n.nspname = coalesce(nullif($1, ''), current_schema()) AND (c.relname = ANY($2::text[])
     OR EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class o ON o.oid = d.refobjid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                AND o.relnamespace = n.oid AND o.relname = ANY($2::text[]))))
  )sql";
  const auto sql = fmt::format(
      R"sql(
    SELECT kind || ' ' || name FROM (
      SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                            WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table'
                            ELSE 'table' END AS kind,
             format('%I.%I', n.nspname, c.relname) AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {user_schema}
        AND {relation_not_from_extension} AND NOT {kept_relation}
      UNION ALL
      SELECT CASE t.typtype WHEN 'e' THEN 'enum type' WHEN 'd' THEN 'domain' ELSE 'type' END,
             format('%I.%I', n.nspname, t.typname)
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE (t.typtype IN ('e', 'd', 'r', 'm')
             OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
        AND {user_schema} AND {type_not_from_extension}
      UNION ALL
      SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                            ELSE 'function' END,
             format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE {user_schema} AND {function_not_from_extension}
        AND NOT (n.nspname = coalesce(nullif($1, ''), current_schema())
                 AND p.proname = ANY($3::text[]))
      UNION ALL
      SELECT 'schema', format('%I', n.nspname) FROM pg_namespace n
      WHERE {user_schema} AND n.nspname <> 'public'
        AND NOT (n.nspname = $1 AND EXISTS (
          SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = ANY($2::text[])))
    ) objects ORDER BY 1
  )sql",
      fmt::arg("user_schema", catalog::user_schema),
      fmt::arg("relation_not_from_extension", catalog::not_from_extension("pg_class", "c.oid")),
      fmt::arg("type_not_from_extension", catalog::not_from_extension("pg_type", "t.oid")),
      fmt::arg("function_not_from_extension", catalog::not_from_extension("pg_proc", "p.oid")),
      fmt::arg("kept_relation", kept_relation));
  auto result = session.exec(sql_statement{
      sql, {kept.schema, pg::text_array(kept.tables), pg::text_array(kept.functions)}});
  std::vector<std::string> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    out.push_back(row.at(0).value_or(""));
  }
  return out;
}

}  // namespace retort::introspect
