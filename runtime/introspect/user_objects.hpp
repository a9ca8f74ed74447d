#pragma once

#include <string>
#include <vector>

#include "pg/session.hpp"

namespace retort::introspect {

/// Tables retort keeps for itself, left out when deciding whether a database is empty.
struct bookkeeping {
  std::string schema;  ///< empty: the session's current schema
  std::vector<std::string> tables;
  std::vector<std::string> functions;
};

/// What the user has put in the database, as `kind schema.name` (`table public.users`,
/// `type public.mood`, `function public.f(integer)`, `schema billing`): relations, types,
/// functions and schemas, except PostgreSQL's, extensions' and `kept`. Extensions themselves
/// do not count (a DBA may have created them for the schema to come), nor does `public`. One
/// query, sorted.
[[nodiscard]] std::vector<std::string> user_objects(pg::session& session, const bookkeeping& kept);

}  // namespace retort::introspect
