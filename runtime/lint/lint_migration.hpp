#pragma once

#include <retort/model/schema.hpp>
#include <retort/operations.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lint/rules.hpp"
#include "render/postgres_dialect.hpp"

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
  /// With the live database's sizes, rules about locks and rewrites (`rule::about_table_size`)
  /// are silent for tables smaller than this many bytes.
  std::optional<std::uint64_t> small_table_bytes{};
};

/// The live database's tables and their total sizes in bytes (`retort lint --url`), by schema
/// (`public` spelled out) and name.
struct table_sizes {
  std::map<std::pair<std::string, std::string>, std::uint64_t> bytes{};
};

/// What lint needs of one migration.
struct migration_input {
  std::string revision;
  std::string source;
  bool transactional = true;
  const operations& upgrade;
  /// The schema the migration starts from (the replay of its ancestors); without it, only what
  /// the migration itself creates is known.
  const model::schema* before = nullptr;
};

/// Lints a migration's `upgrade()`: every operation is rendered as it would run and every
/// statement read with PostgreSQL's own grammar, so raw `op::execute` SQL meets the same rules
/// as the DSL. A table created in the same migration is new: indexing, altering or constraining
/// it is not flagged. With the schema before, a type change PostgreSQL makes without a rewrite
/// and a `SET NOT NULL` a valid CHECK constraint already proves are not flagged either. With
/// `live` sizes, rules about locks are silent for the project's small tables. Findings come in
/// operation order; rules set to `off` give none.
[[nodiscard]] std::vector<finding> lint_migration(const migration_input& migration,
                                                  const render::postgres_dialect& dialect,
                                                  const settings& project = {},
                                                  const table_sizes* live = nullptr);

}  // namespace retort::lint
