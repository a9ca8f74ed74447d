#include "executor/executor.hpp"

#include <retort/errors.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace retort::executor {

namespace {

std::string verb(plan::direction dir) {
  return dir == plan::direction::upgrade ? "upgrade" : "downgrade";
}

migration_failed failure(const prepared_step& step, const std::string& what,
                         const std::string& sqlstate = {}, const std::string& statement = {}) {
  return migration_failed(
      fmt::format("{} of revision {} ({}) failed and was rolled back: {}", verb(step.step.dir),
                  step.step.revision, step.source_file, what),
      step.step.revision, step.source_file, sqlstate, statement);
}

// Preparing runs no SQL, so nothing needs rolling back.
migration_failed refusal(const prepared_step& step, const std::string& what,
                         const std::string& statement = {}) {
  return migration_failed(
      fmt::format("{} of revision {} ({}) was refused before it ran: {}", verb(step.step.dir),
                  step.step.revision, step.source_file, what),
      step.step.revision, step.source_file, "", statement);
}

}  // namespace

std::string running_line(const prepared_step& step, const std::vector<std::string>& parents) {
  auto joined = fmt::format("{}", fmt::join(parents, ", "));
  bool up = step.step.dir == plan::direction::upgrade;
  return fmt::format("Running {} {} -> {}, {}", verb(step.step.dir),
                     up ? joined : step.step.revision, up ? step.step.revision : joined,
                     step.message);
}

std::vector<prepared_step> prepare(const std::vector<plan::migration_step>& steps,
                                   const std::map<std::string, const loaded_migration*>& migrations,
                                   const render::dialect& dialect) {
  std::vector<prepared_step> out;
  out.reserve(steps.size());
  for (const auto& step : steps) {
    auto found = migrations.find(step.revision);
    if (found == migrations.end()) {
      throw graph_error(fmt::format("no loaded plugin declares revision {}", step.revision));
    }
    const loaded_migration& migration = *found->second;
    prepared_step prepared{
        step, migration.info().message, migration.source_file(), migration.transactional(), {}};
    operations ops;
    try {
      ops = step.dir == plan::direction::upgrade ? migration.upgrade() : migration.downgrade();
    } catch (const migration_code_error& e) {
      throw refusal(prepared, e.what());
    }
    for (const auto& op : ops) {
      try {
        for (auto& statement : dialect.render(op)) {
          if (!statement.transactional && migration.transactional()) {
            throw refusal(prepared,
                          fmt::format("`{}` cannot run inside a transaction; declare "
                                      "`.transactional = false` in its RETORT_MIGRATION",
                                      statement.sql),
                          statement.sql);
          }
          prepared.statements.push_back(std::move(statement));
        }
      } catch (const migration_failed&) {
        throw;
      } catch (const std::exception& e) {
        throw refusal(prepared, e.what());
      }
    }
    out.push_back(std::move(prepared));
  }
  return out;
}

executor::executor(pg::session& session, store::version_table& versions, run_mode mode)
    : session_(session),
      versions_(versions),
      mode_(mode),
      transaction_(session, mode.single_transaction) {}

void executor::run(const std::vector<prepared_step>& steps, const progress& listener) {
  run_transaction whole(session_, mode_.single_transaction);
  for (const auto& step : steps) {
    listener.started(step);
    auto start = std::chrono::steady_clock::now();
    run_with_retries(
        mode_, step.transactional, [&] { run_step(step); },
        [&](int n, std::chrono::milliseconds pause, const migration_failed& e) {
          listener.retrying(step, n, pause, e);
        });
    listener.finished(step, std::chrono::steady_clock::now() - start);
  }
  whole.commit();
}

void executor::run_step(const prepared_step& step) {
  // A non-transactional migration runs its statements in autocommit; only its version-table
  // change gets a transaction of its own.
  const sql_statement* current = nullptr;
  try {
    if (step.transactional) {
      transaction_.begin();
    }
    for (const auto& statement : step.statements) {
      current = &statement;
      session_.exec(statement);
    }
    current = nullptr;
    if (!step.transactional) {
      transaction_.begin();
    }
    versions_.apply(step.step.heads_removed, step.step.heads_added);
    transaction_.commit();
  } catch (const database_error& e) {
    transaction_.rollback();
    throw failure(step, e.what(), e.sqlstate(), current != nullptr ? current->sql : e.statement());
  }
}

}  // namespace retort::executor
