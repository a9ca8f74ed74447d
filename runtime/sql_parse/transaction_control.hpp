#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace retort::sql_parse {

/// A statement that would end, open or reach outside the transaction a migration runs in.
struct transaction_control {
  std::string statement;  ///< its text, as the author wrote it
  std::string why;        ///< what it would do there, in words
};

/// Savepoints a migration's statements have created so far: releasing or rolling back to one
/// of them stays inside the migration; any other name belongs to retort or to nobody.
/// A multiset: a name may be used again, and each RELEASE pairs with one SAVEPOINT.
using savepoint_names = std::multiset<std::string>;

/// The first statement in `sql` that a transactional migration must not run: BEGIN, START
/// TRANSACTION, COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED,
/// RELEASE or ROLLBACK TO a savepoint not in `savepoints`, and SET/RESET SESSION
/// AUTHORIZATION. Adds the savepoints `sql` creates to `savepoints`. Text that does not parse
/// yields nothing: the server rejects it before it can do any of that.
[[nodiscard]] std::optional<transaction_control> find_transaction_control(
    std::string_view sql, savepoint_names& savepoints);

}  // namespace retort::sql_parse
