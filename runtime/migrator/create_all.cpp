// `create-all`: the fresh-database path. The model's schema and the version table's heads go in
// together, so a database is either untouched or complete and stamped.
#include <retort/errors.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "introspect/user_objects.hpp"
#include "migrator/migrator.hpp"
#include "pg/session.hpp"
#include "plan/migration_plan.hpp"
#include "render/describe.hpp"
#include "render/postgres_dialect.hpp"
#include "store/advisory_lock.hpp"

namespace retort {

namespace {

constexpr std::size_t objects_named = 10;

std::string listing(const std::vector<std::string>& objects) {
  std::vector<std::string> shown(
      objects.begin(),
      objects.begin() + static_cast<std::ptrdiff_t>(std::min(objects.size(), objects_named)));
  auto text = fmt::format("{}", fmt::join(shown, ", "));
  if (objects.size() > shown.size()) {
    text += fmt::format(" and {} more", objects.size() - shown.size());
  }
  return text;
}

}  // namespace

std::vector<std::string> migrator::create_all(const operations& schema) {
  load();
  // What the version table will hold, and every statement, before connecting: a model that
  // cannot be rendered touches nothing.
  auto change = plan::plan_stamp(*graph_, {}, {"heads"}, false);
  render::postgres_dialect dialect;
  std::vector<std::pair<const operation*, sql_statement>> statements;
  for (const auto& op : schema) {
    for (auto& statement : dialect.render(op)) {
      if (!statement.transactional) {
        throw config_error(fmt::format(
            "create-all runs in one transaction, and {} cannot (its statement `{}` must run "
            "outside a transaction block)",
            render::describe(op), statement.sql));
      }
      statements.emplace_back(&op, std::move(statement));
    }
  }

  auto lock = lock_for_run();
  auto& session = connect();
  store::version_table versions(session, options_.version_table);
  if (auto rows = versions.heads(); !rows.empty()) {
    throw database_not_empty(
        fmt::format("create-all refused, nothing was changed: the database is already at {} "
                    "({} holds it); bring it to head with `retort upgrade head`",
                    fmt::join(rows, ", "), versions.sql().qualified_name()));
  }
  auto found = introspect::user_objects(
      session, {.schema = options_.version_table.schema,
                .tables = store::bookkeeping_table_names(options_.version_table.table),
                .functions = store::bookkeeping_function_names(options_.version_table.table)});
  if (!found.empty()) {
    throw database_not_empty(fmt::format(
        "create-all refused, nothing was changed: it builds a fresh database only, and this one "
        "holds {} object{}: {}. Bring an existing database to the model with migrations "
        "(`retort upgrade head`; `retort stamp` if it already matches a revision)",
        found.size(), found.size() == 1 ? "" : "s", listing(found)));
  }

  check_version_width(versions, {{"", plan::direction::upgrade, {}, change.heads_added}});
  store::history_table history(session, options_.version_table);
  history.ensure_exists();
  session.begin();
  const operation* running = nullptr;
  try {
    for (const auto& [op, statement] : statements) {
      running = op;
      session.exec(statement);
    }
    running = nullptr;
    versions.ensure_exists();
    versions.replace_all(change.heads_added);
    for (const auto& revision : change.heads_added) {
      const auto* m = metadata_of(revision);
      history.append({revision,
                      "stamp",
                      "stamped",
                      {},
                      m != nullptr ? m->source_checksum : "",
                      "",
                      m != nullptr ? m->source_file : "",
                      "create-all built the schema from the model"});
    }
    session.commit();
  } catch (const database_error& e) {
    session.rollback();
    throw migration_failed(
        fmt::format("create-all failed{} and was rolled back; the database is as it was: {}",
                    running != nullptr ? " at " + render::describe(*running) : std::string(),
                    e.what()),
        "", "", e.sqlstate(), e.statement());
  } catch (...) {
    session.rollback();
    throw;
  }
  options_.out(fmt::format("Ran {} operation{} that build the model; stamped {}", schema.size(),
                           schema.size() == 1 ? "" : "s",
                           change.heads_added.empty()
                               ? std::string("nothing (there are no migrations)")
                               : fmt::format("{}", fmt::join(change.heads_added, ", "))));
  return change.heads_added;
}

}  // namespace retort
