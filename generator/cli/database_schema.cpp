#include "cli/database_schema.hpp"

#include <algorithm>

#include "introspect/introspect.hpp"
#include "store/history_table.hpp"

namespace retort::cli {

introspect::reading read_database_schema(pg::session& session, const settings& s) {
  introspect::options options;
  auto read = introspect::read_database(session, options);
  auto& schema = read.schema;
  // The model writes the default schema as empty; an unqualified version table lives there too
  // (the search path's first schema, `public` unless configured otherwise).
  const std::string kept_schema =
      s.version_table_schema == options.default_schema ? "" : s.version_table_schema;
  const auto kept = store::bookkeeping_table_names(s.version_table);
  const auto kept_functions = store::bookkeeping_function_names(s.version_table);
  auto is_kept = [&](const std::vector<std::string>& names, const std::string& name) {
    return std::ranges::find(names, name) != names.end();
  };
  std::erase_if(schema.tables, [&](const model::table& t) {
    return t.schema == kept_schema && is_kept(kept, t.name);
  });
  // The trigger on the history table, and its function (`name()`: a function's raw name holds
  // its arguments).
  std::erase_if(schema.raw_objects, [&](const model::raw_object& o) {
    return o.schema == kept_schema &&
           (is_kept(kept, o.table) ||
            (o.kind == "function" && is_kept(kept_functions, o.name.substr(0, o.name.find('(')))));
  });
  // A schema of its own for the version table is retort's too, while nothing else is in it.
  const bool kept_schema_in_use =
      std::ranges::any_of(schema.tables, [&](const auto& t) { return t.schema == kept_schema; }) ||
      std::ranges::any_of(schema.enums, [&](const auto& e) { return e.schema == kept_schema; }) ||
      std::ranges::any_of(schema.sequences, [&](const auto& q) { return q.schema == kept_schema; });
  if (!kept_schema.empty() && !kept_schema_in_use) {
    std::erase(schema.schemas, kept_schema);
  }
  return read;
}

std::size_t leave_unmanaged_raw_objects(const model::schema& desired, model::schema& actual) {
  if (!desired.raw_objects.empty()) {
    return 0;
  }
  auto count = actual.raw_objects.size();
  actual.raw_objects.clear();
  return count;
}

}  // namespace retort::cli
