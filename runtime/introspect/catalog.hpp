#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pg/session.hpp"

/// What every catalog reader of introspection shares: which schemas are the user's, which
/// objects an extension owns, and how a result field is read.
namespace retort::introspect::catalog {

/// The schemas a user owns: not PostgreSQL's, not an extension's (`n` is pg_namespace).
inline constexpr std::string_view user_schema = R"sql(
  n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_namespace'::regclass
                  AND x.objid = n.oid AND x.deptype = 'e'))sql";

/// Objects an extension created are the extension's business.
inline std::string not_from_extension(std::string_view catalog, std::string_view oid) {
  return "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + std::string(catalog) +
         "'::regclass AND x.objid = " + std::string(oid) + " AND x.deptype = 'e')";
}

/// Field `i`, or the empty string for NULL.
inline const std::string& get(const pg::row& r, std::size_t i) {
  static const std::string empty;
  return r.at(i) ? *r.at(i) : empty;
}
inline bool flag(const pg::row& r, std::size_t i) {
  return get(r, i) == "t";
}
inline std::int64_t number(const pg::row& r, std::size_t i) {
  return std::stoll(get(r, i));
}

}  // namespace retort::introspect::catalog
