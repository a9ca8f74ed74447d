#pragma once

#include <retort/model/schema.hpp>
#include <retort/operations.hpp>

#include <string>
#include <string_view>
#include <vector>

/// Operations applied to the schema model instead of a database: what `retort verify` replays
/// to find a migration that PostgreSQL would refuse, before any database sees it. No SQL, no I/O.
namespace retort::model {

/// Raw SQL met on the way. Replay cannot know what it did; it only keeps what it mentions.
struct raw_sql {
  std::string revision;
  std::string text;  ///< lower-cased, to look names up in
};

/// A schema as the operations replayed so far leave it. Every schema field is kept as the
/// model keeps it: the default schema (`public`) is the empty string.
struct replay_state {
  model::schema schema{};
  std::vector<model::raw_sql> raw_sql{};
};

/// What PostgreSQL would refuse in an operation.
struct replay_finding {
  /// Raw SQL run earlier mentions the object, so it may have made the operation valid: the
  /// finding is a warning, and `message` names the revision that holds that SQL.
  bool warning = false;
  std::string message;  ///< `table products does not exist`, `index ix_a already exists`, ...
};

/// Applies `op`, run by `revision`, to `state` with PostgreSQL's rules, and returns what
/// PostgreSQL would refuse: an object that does not exist (unless `if_exists`), one created
/// twice (unless `if_not_exists`), a drop that other objects depend on (unless `cascade`), a
/// foreign key without a referent key, a column a generated column is computed from dropped or
/// retyped, a default or identity on a generated column, or values inserted into one. Renames
/// carry over to indexes, keys and foreign keys; a dropped column takes its indexes and
/// constraints with it. Index, check and generation expressions are not parsed, only searched
/// for names. After a refusal `state` holds as much of the operation as makes sense, so one mistake
/// does not turn every later operation into a finding. `execute` is recorded in `state.raw_sql`.
[[nodiscard]] std::vector<replay_finding> apply(replay_state& state, const operation& op,
                                                std::string_view revision);

/// Whether the identifier `name` appears in `sql` as a word (either case, or quoted).
[[nodiscard]] bool mentions(std::string_view lowercase_sql, std::string_view name);

}  // namespace retort::model
