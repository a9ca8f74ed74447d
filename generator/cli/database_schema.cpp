#include "cli/database_schema.hpp"

#include <algorithm>

#include "introspect/introspect.hpp"
#include "store/history_table.hpp"

namespace retort::cli {

model::schema read_database_schema(pg::session& session, const settings& s) {
  introspect::options options;
  auto schema = introspect::read_schema(session, options);
  // The model writes the default schema as empty; an unqualified version table lives there too
  // (the search path's first schema, `public` unless configured otherwise).
  const std::string kept_schema =
      s.version_table_schema == options.default_schema ? "" : s.version_table_schema;
  const auto kept = store::bookkeeping_table_names(s.version_table);
  std::erase_if(schema.tables, [&](const model::table& t) {
    return t.schema == kept_schema && std::ranges::find(kept, t.name) != kept.end();
  });
  // A schema of its own for the version table is retort's too, while nothing else is in it.
  const bool kept_schema_in_use =
      std::ranges::any_of(schema.tables, [&](const auto& t) { return t.schema == kept_schema; }) ||
      std::ranges::any_of(schema.enums, [&](const auto& e) { return e.schema == kept_schema; }) ||
      std::ranges::any_of(schema.sequences, [&](const auto& q) { return q.schema == kept_schema; });
  if (!kept_schema.empty() && !kept_schema_in_use) {
    std::erase(schema.schemas, kept_schema);
  }
  return schema;
}

}  // namespace retort::cli
