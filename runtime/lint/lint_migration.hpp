#pragma once

#include <retort/operations.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "lint/rules.hpp"
#include "render/dialect.hpp"

namespace retort::lint {

/// One thing a migration would do to a busy production database that it should not.
struct finding {
  std::string rule;  ///< a rule id (rules())
  lint::level level = level::error;
  std::string revision;
  std::string source;         ///< the migration's source file
  std::size_t op_number = 0;  ///< 1-based, in upgrade()
  std::string operation;      ///< the operation's `describe` line
  std::string statement;      ///< the SQL statement it was found in, as it runs
  std::string detail;         ///< what in that statement, in words
};

/// The project's choices (`[lint]` in retort.toml): a level for any rule; `off` silences it.
struct settings {
  std::map<std::string, level, std::less<>> levels{};
};

/// What lint needs of one migration.
struct migration_input {
  std::string revision;
  std::string source;
  bool transactional = true;
  const operations& upgrade;
};

/// Lints a migration's `upgrade()`: every operation is rendered as it would run and every
/// statement read with PostgreSQL's own grammar, so raw `op::execute` SQL meets the same rules
/// as the DSL. A table created in the same migration is new: indexing, altering or constraining
/// it is not flagged. Findings come in operation order; rules set to `off` give none.
[[nodiscard]] std::vector<finding> lint_migration(const migration_input& migration,
                                                  const render::dialect& dialect,
                                                  const settings& project = {});

}  // namespace retort::lint
