#include "introspect/unsupported.hpp"

#include <algorithm>
#include <string>

#include "introspect/catalog.hpp"

namespace retort::introspect {

namespace {

// One row per object left out: its schema (empty for database-wide objects) and a sentence.
// Each part keeps the rows in the user's schemas, which the first line finds once.
// Relations and functions are printed qualified (`search_path` aside, `%I.%I`).
constexpr std::string_view left_out = R"sql(
  WITH user_namespace AS MATERIALIZED (SELECT n.oid FROM pg_namespace n WHERE {user})
  SELECT n.nspname, format('column %I.%I.%I is a virtual generated column: read as a stored one',
                           n.nspname, c.relname, a.attname)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attgenerated NOT IN ('', 's') AND c.relkind IN ('r', 'p') AND {mine}
  UNION ALL
  SELECT n.nspname, format('column %I.%I.%I has collation %s: not carried', n.nspname,
                           c.relname, a.attname, a.attcollation::regcollation)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
  WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attcollation <> t.typcollation
    AND c.relkind IN ('r', 'p') AND {mine}
  UNION ALL
  SELECT n.nspname, format('constraint %I on %I.%I is NOT VALID: read as valid', con.conname,
                           n.nspname, c.relname)
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT con.convalidated AND {mine}
  UNION ALL
  SELECT n.nspname, format('aggregate %I.%I(%s) is %s: not carried', n.nspname, p.proname,
                           pg_get_function_identity_arguments(p.oid),
                           CASE WHEN a.aggkind <> 'n' THEN 'an ordered-set aggregate'
                                WHEN a.aggmtransfn <> 0 THEN 'a moving aggregate'
                                ELSE 'an aggregate with a sort operator' END)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_aggregate a ON a.aggfnoid = p.oid
  WHERE p.prokind = 'a' AND (a.aggkind <> 'n' OR a.aggmtransfn <> 0 OR a.aggsortop <> 0)
    AND {mine} AND {proc_not_from_extension}
  UNION ALL
  SELECT n.nspname, format('type %I.%I (%s): not carried', n.nspname, t.typname,
                           CASE t.typtype WHEN 'r' THEN 'a range' WHEN 'm' THEN 'a multirange'
                                          ELSE 'a base type' END)
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('b', 'r') AND t.typelem = 0 AND {mine} AND {type_not_from_extension}
  UNION ALL
  SELECT n.nspname, format('foreign table %I.%I: not carried', n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'f' AND {mine}
  UNION ALL
  SELECT n.nspname, format('collation %I.%I: not carried', n.nspname, co.collname)
  FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
  WHERE {mine} AND {collation_not_from_extension}
  UNION ALL
  SELECT '', format('event trigger %I: not carried', evtname) FROM pg_event_trigger
  UNION ALL
  SELECT '', format('publication %I: not carried', pubname) FROM pg_publication
  ORDER BY 2)sql";

std::string replaced(std::string text, std::string_view placeholder, const std::string& with) {
  for (auto at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + with.size())) {
    text.replace(at, placeholder.size(), with);
  }
  return text;
}

}  // namespace

std::vector<std::string> unsupported_objects(pg::session& session, const options& options) {
  auto sql = replaced(std::string(left_out), "{user}", std::string(catalog::user_schema));
  sql = replaced(sql, "{mine}", "n.oid IN (SELECT oid FROM user_namespace)");
  sql = replaced(sql, "{proc_not_from_extension}", catalog::not_from_extension("pg_proc", "p.oid"));
  sql = replaced(sql, "{type_not_from_extension}", catalog::not_from_extension("pg_type", "t.oid"));
  sql = replaced(sql, "{collation_not_from_extension}",
                 catalog::not_from_extension("pg_collation", "co.oid"));
  std::vector<std::string> out;
  for (const auto& r : session.exec(sql).rows) {
    const auto& schema = catalog::get(r, 0);
    if (schema.empty() || options.schemas.empty() ||
        std::find(options.schemas.begin(), options.schemas.end(), schema) !=
            options.schemas.end()) {
      out.push_back(catalog::get(r, 1));
    }
  }
  return out;
}

}  // namespace retort::introspect
