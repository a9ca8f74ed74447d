#include "executor/prepare.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "executor/squash_resume.hpp"
#include "printable.hpp"
#include "sql_parse/transaction_control.hpp"

namespace retort::executor {

bool prepared_step::resumable() const noexcept {
  return !transactional &&
         std::any_of(statements.begin(), statements.end(),
                     [](const sql_statement& s) { return s.backfill.has_value(); });
}

std::string running_line(const prepared_step& step, const std::vector<std::string>& parents) {
  auto joined = fmt::format("{}", fmt::join(parents, ", "));
  bool up = step.step.dir == plan::direction::upgrade;
  return fmt::format("Running {} {} -> {}, {}", verb(step.step.dir),
                     up ? joined : step.step.revision, up ? step.step.revision : joined,
                     printable(step.message));
}

prepared_step prepare_step(const plan::migration_step& step,
                           const std::map<std::string, const loaded_migration*>& migrations,
                           const render::dialect& dialect) {
  auto found = migrations.find(step.revision);
  if (found == migrations.end()) {
    throw graph_error(fmt::format("no loaded plugin declares revision {}", step.revision));
  }
  const loaded_migration& migration = *found->second;
  prepared_step prepared{
      step, migration.info().message,   migration.source_file(), migration.transactional(),
      {},   migration.source_checksum()};
  operations ops;
  try {
    ops = step.dir == plan::direction::upgrade ? migration.upgrade() : migration.downgrade();
    if (!step.resume_after.empty()) {
      ops = after_squash_point(ops, step.resume_after, step.revision);
    }
  } catch (const migration_code_error& e) {
    throw refused_before_running(prepared, e.what());
  }
  sql_parse::savepoint_names savepoints;  // the ones this migration's own SQL creates
  for (const auto& op : ops) {
    if (const auto* s = std::get_if<ops::set_not_null>(&op); s && migration.transactional()) {
      throw refused_before_running(
          prepared, fmt::format("set_not_null of {}.{} commits each of its steps, so that no "
                                "lock is held through the table's scan; declare "
                                "`.transactional = false` in its RETORT_MIGRATION, or use "
                                "alter_column(..., {{.nullable = false}}) for a small table",
                                printable(s->table), printable(s->column)));
    }
    try {
      for (auto& statement : dialect.render(op)) {
        if (statement.backfill && migration.transactional()) {
          throw refused_before_running(
              prepared, fmt::format("backfill \"{}\" commits each batch on its own, so it "
                                    "cannot run inside the migration's transaction; declare "
                                    "`.transactional = false` in its RETORT_MIGRATION",
                                    printable(statement.backfill->name)));
        }
        if (!statement.transactional && migration.transactional()) {
          throw refused_before_running(
              prepared,
              fmt::format("`{}` cannot run inside a transaction; declare "
                          "`.transactional = false` in its RETORT_MIGRATION",
                          printable(statement.sql)),
              statement.sql);
        }
        if (statement.authored && migration.transactional()) {
          if (auto control = sql_parse::find_transaction_control(statement.sql, savepoints)) {
            throw refused_before_running(
                prepared,
                fmt::format("`{}` controls the transaction: {}; a migration that "
                            "must commit part of its work declares "
                            "`.transactional = false` in its RETORT_MIGRATION",
                            printable(control->statement), control->why),
                statement.sql);
          }
        }
        prepared.statements.push_back(std::move(statement));
      }
    } catch (const migration_failed&) {
      throw;
    } catch (const std::exception& e) {
      throw refused_before_running(prepared, e.what());
    }
  }
  return prepared;
}

std::vector<prepared_step> prepare(const std::vector<plan::migration_step>& steps,
                                   const std::map<std::string, const loaded_migration*>& migrations,
                                   const render::dialect& dialect) {
  std::vector<prepared_step> out;
  out.reserve(steps.size());
  for (const auto& step : steps) {
    out.push_back(prepare_step(step, migrations, dialect));
  }
  return out;
}

migration_failed refused_before_running(const prepared_step& step, const std::string& what,
                                        const std::string& statement) {
  return migration_failed(
      fmt::format("{} of revision {} ({}) was refused before it ran: {}", verb(step.step.dir),
                  step.step.revision, step.source_file, what),
      step.step.revision, step.source_file, "", statement);
}

}  // namespace retort::executor
