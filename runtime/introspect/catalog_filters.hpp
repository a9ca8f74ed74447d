#pragma once

#include <string>
#include <string_view>

/// SQL conditions every catalog query shares: which objects are the user's.
namespace retort::introspect {

/// The schemas a user owns, for a query over `pg_namespace n`: not PostgreSQL's, not an
/// extension's.
inline constexpr std::string_view user_schema = R"sql(
  n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_namespace'::regclass
                  AND x.objid = n.oid AND x.deptype = 'e'))sql";

/// Objects an extension created are the extension's business: the object `oid` of `catalog`
/// (e.g. `pg_class`, `c.oid`) is not one of them.
inline std::string not_from_extension(std::string_view catalog, std::string_view oid) {
  return "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + std::string(catalog) +
         "'::regclass AND x.objid = " + std::string(oid) + " AND x.deptype = 'e')";
}

}  // namespace retort::introspect
