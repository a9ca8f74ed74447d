#include "cli/server_spelling.hpp"

#include <retort/errors.hpp>

#include <unistd.h>
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "introspect/introspect.hpp"
#include "model/canonical.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::cli {

namespace {

using table_key = std::pair<std::string, std::string>;

// Copies are named by position, so tables of several schemas (and their indexes, whose names are
// per schema) share the one throwaway schema without clashing.
std::string copy_name(std::size_t table) {
  return fmt::format("t{}", table);
}
std::string index_copy_name(std::size_t table, std::size_t index) {
  return fmt::format("t{}_i{}", table, index);
}

template <typename Items, typename Name>
auto* find_named(Items& items, const Name& name) {
  auto it = std::ranges::find_if(items, [&](const auto& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

// The table as the model declares it, in `schema` under another name: columns and check
// constraints, the parts whose spelling PostgreSQL rewrites. Keys and foreign keys are left
// out: they hold no expressions, and a foreign key needs its referent.
std::vector<sql_statement> copy_statements(const model::table& t, std::size_t position,
                                           const std::string& schema,
                                           const render::postgres_dialect& dialect) {
  ops::create_table create{.name = copy_name(position), .columns = t.columns, .schema = schema};
  for (auto& c : create.columns) {
    c.identity.reset();  // an identity has no expression, and would need NOT NULL
  }
  for (const auto& check : t.checks) {
    create.constraints.emplace_back(check);
  }
  auto out = dialect.render(create);
  for (std::size_t i = 0; i < t.indexes.size(); ++i) {
    auto index = t.indexes[i];
    index.name = index_copy_name(position, i);
    index.table = copy_name(position);
    index.schema = schema;
    for (auto& statement : dialect.render(ops::create_index{.index = index})) {
      out.push_back(std::move(statement));
    }
  }
  return out;
}

void adopt(model::table& desired, const model::table& built, const model::table& actual,
           std::size_t position) {
  for (auto& column : desired.columns) {
    const auto* as_built = find_named(built.columns, column.name);
    const auto* in_database = find_named(actual.columns, column.name);
    for (auto expression :
         {&ops::column_definition::server_default, &ops::column_definition::generated}) {
      if (as_built && in_database && column.*expression &&
          as_built->*expression == in_database->*expression) {
        column.*expression = in_database->*expression;
      }
    }
  }
  for (auto& check : desired.checks) {
    const auto* as_built = find_named(built.checks, check.name);
    const auto* in_database = find_named(actual.checks, check.name);
    if (as_built && in_database && as_built->condition == in_database->condition) {
      check.condition = in_database->condition;
    }
  }
  for (std::size_t i = 0; i < desired.indexes.size(); ++i) {
    auto& index = desired.indexes[i];
    const auto* as_built = find_named(built.indexes, index_copy_name(position, i));
    const auto* in_database = find_named(actual.indexes, index.name);
    if (as_built && in_database && as_built->elements == in_database->elements &&
        as_built->where == in_database->where) {
      index.elements = in_database->elements;
      index.where = in_database->where;
    }
  }
}

}  // namespace

void adopt_server_spelling(model::schema& desired, const model::schema& actual,
                           pg::session& session) {
  model::canonicalise(desired);
  std::map<table_key, const model::table*> in_database;
  for (const auto& t : actual.tables) {
    in_database.emplace(table_key{t.schema, t.name}, &t);
  }
  std::vector<std::pair<model::table*, const model::table*>> shared;
  for (auto& t : desired.tables) {
    if (auto it = in_database.find({t.schema, t.name}); it != in_database.end()) {
      shared.emplace_back(&t, it->second);
    }
  }
  if (shared.empty()) {
    return;
  }

  const std::string schema = fmt::format("retort_spelling_{}", ::getpid());
  render::postgres_dialect dialect;
  session.begin();
  try {
    session.exec(fmt::format("CREATE SCHEMA {}", dialect.quote_identifier(schema)));
    std::vector<bool> built(shared.size(), false);
    for (std::size_t i = 0; i < shared.size(); ++i) {
      session.exec("SAVEPOINT retort_spelling");
      try {
        for (const auto& statement : copy_statements(*shared[i].first, i, schema, dialect)) {
          session.exec(statement);
        }
        session.exec("RELEASE SAVEPOINT retort_spelling");
        built[i] = true;
      } catch (const database_error&) {
        // PostgreSQL will not build it here (a type or function the database lacks yet): the
        // author's spelling stands, and the comparison judges it as text.
        session.exec("ROLLBACK TO SAVEPOINT retort_spelling");
      }
    }
    auto copies = introspect::read_schema(session, {.schemas = {schema}});
    for (std::size_t i = 0; i < shared.size(); ++i) {
      const auto* copy = built[i] ? find_named(copies.tables, copy_name(i)) : nullptr;
      if (copy != nullptr) {
        adopt(*shared[i].first, *copy, *shared[i].second, i);
      }
    }
    session.rollback();
  } catch (...) {
    session.rollback();
    throw;
  }
}

}  // namespace retort::cli
