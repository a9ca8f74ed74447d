#include "cli/server_spelling.hpp"

#include <retort/errors.hpp>

#include <unistd.h>
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "introspect/introspect.hpp"
#include "model/canonical.hpp"
#include "model/expression.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::cli {

namespace {

using table_key = std::pair<std::string, std::string>;

constexpr std::string_view insufficient_privilege = "42501";

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

bool differs(const std::optional<std::string>& mine, const std::optional<std::string>& theirs) {
  return mine != theirs &&
         (!mine || !theirs ||
          model::normalise_expression(*mine) != model::normalise_expression(*theirs));
}

// Every attribute the comparison weighs, expression text after normalisation: where they all
// agree, it sees the same keys; where one does not, PostgreSQL's reading may still make it so
// (a default operator class written out, `NULLS LAST` on an ascending key, `(name)`).
bool elements_differ(const std::vector<ops::index_element>& mine,
                     const std::vector<ops::index_element>& theirs) {
  return !std::equal(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                     [](const ops::index_element& a, const ops::index_element& b) {
                       return a.is_expression == b.is_expression && a.opclass == b.opclass &&
                              a.descending == b.descending && a.nulls == b.nulls &&
                              (a.is_expression
                                   ? !differs(a.column_or_expression, b.column_or_expression)
                                   : a.column_or_expression == b.column_or_expression);
                     });
}

// Whether anything PostgreSQL would rewrite (a column's default or generation, a check
// condition, an index's keys or predicate) still differs from the database's after
// normalisation. Where nothing does, the comparison already sees no change there, and building
// the table would tell it nothing: a database that matches costs a read and a compare.
bool spelled_differently(const model::table& desired, const model::table& actual) {
  for (const auto& column : desired.columns) {
    if (const auto* in_database = find_named(actual.columns, column.name);
        in_database &&
        ((column.server_default && differs(column.server_default, in_database->server_default)) ||
         (column.generated && differs(column.generated, in_database->generated)))) {
      return true;
    }
  }
  for (const auto& check : desired.checks) {
    if (const auto* in_database = find_named(actual.checks, check.name);
        in_database && differs(check.condition, in_database->condition)) {
      return true;
    }
  }
  for (const auto& index : desired.indexes) {
    if (const auto* in_database = find_named(actual.indexes, index.name);
        in_database && (differs(index.where, in_database->where) ||
                        elements_differ(index.elements, in_database->elements))) {
      return true;
    }
  }
  return false;
}

// Builds every copy in one round trip; where PostgreSQL refuses one (a type or function the
// database lacks yet), builds them one at a time, each under a savepoint, and leaves the refused
// ones out. Returns which were built.
std::vector<bool> build_copies(pg::session& session,
                               const std::vector<std::vector<sql_statement>>& copies) {
  std::string script;
  bool one_script = true;
  for (const auto& statements : copies) {
    for (const auto& statement : statements) {
      one_script = one_script && statement.params.empty();
      script += statement.sql;
      script += ";\n";
    }
  }
  if (one_script) {
    session.exec("SAVEPOINT retort_spelling");
    try {
      session.exec(script);
      session.exec("RELEASE SAVEPOINT retort_spelling");
      return std::vector<bool>(copies.size(), true);
    } catch (const database_error&) {
      session.exec("ROLLBACK TO SAVEPOINT retort_spelling");
    }
  }
  std::vector<bool> built(copies.size(), false);
  for (std::size_t i = 0; i < copies.size(); ++i) {
    session.exec("SAVEPOINT retort_spelling");
    try {
      for (const auto& statement : copies[i]) {
        session.exec(statement);
      }
      session.exec("RELEASE SAVEPOINT retort_spelling");
      built[i] = true;
    } catch (const database_error&) {
      // The author's spelling stands, and the comparison judges it as text.
      session.exec("ROLLBACK TO SAVEPOINT retort_spelling");
    }
  }
  return built;
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

std::optional<std::string> adopt_server_spelling(model::schema& desired,
                                                 const model::schema& actual,
                                                 const autogen::filters& filters,
                                                 pg::session& session) {
  model::canonicalise(desired);
  std::map<table_key, const model::table*> in_database;
  for (const auto& t : actual.tables) {
    in_database.emplace(table_key{t.schema, t.name}, &t);
  }
  std::vector<std::pair<model::table*, const model::table*>> judged;
  for (auto& t : desired.tables) {
    if (auto it = in_database.find({t.schema, t.name}); it != in_database.end() &&
                                                        autogen::table_included(filters, t) &&
                                                        spelled_differently(t, *it->second)) {
      judged.emplace_back(&t, it->second);
    }
  }
  if (judged.empty()) {
    return std::nullopt;
  }

  const std::string schema = fmt::format("retort_spelling_{}", ::getpid());
  render::postgres_dialect dialect;
  session.begin();
  try {
    try {
      session.exec(fmt::format("CREATE SCHEMA {}", dialect.quote_identifier(schema)));
    } catch (const database_error& e) {
      if (e.sqlstate() != insufficient_privilege) {
        throw;
      }
      // A role that may read but not create still gets a comparison: of the text, which may
      // propose a change that only respells an expression.
      session.rollback();
      return fmt::format(
          "the expressions of {} table{} were compared as text, not judged by PostgreSQL: this "
          "role may not create the scratch schema {} (no CREATE on the database), so a change "
          "that only respells one may be proposed",
          judged.size(), judged.size() == 1 ? "" : "s", schema);
    }
    std::vector<std::vector<sql_statement>> copies;
    copies.reserve(judged.size());
    for (std::size_t i = 0; i < judged.size(); ++i) {
      copies.push_back(copy_statements(*judged[i].first, i, schema, dialect));
    }
    const auto built = build_copies(session, copies);
    auto read_back = introspect::read_schema(session, {.schemas = {schema}});
    for (std::size_t i = 0; i < judged.size(); ++i) {
      const auto* copy = built[i] ? find_named(read_back.tables, copy_name(i)) : nullptr;
      if (copy != nullptr) {
        adopt(*judged[i].first, *copy, *judged[i].second, i);
      }
    }
    session.rollback();
  } catch (...) {
    session.rollback();
    throw;
  }
  return std::nullopt;
}

}  // namespace retort::cli
