#include "sql_parse/transaction_control.hpp"

#include "sql_parse/parse_tree.hpp"

namespace retort::sql_parse {

namespace {

constexpr std::string_view ends_it =
    "it would end the transaction retort runs the migration in, committing or discarding what "
    "ran before it while retort goes on as if nothing had happened";

std::optional<std::string> misuse(const PgQuery__TransactionStmt& stmt,
                                  savepoint_names& savepoints) {
  switch (stmt.kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
      return "a transaction is already open: retort runs every transactional migration in one, "
             "so the migration's own BEGIN would be ignored and its COMMIT would end retort's";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
      return std::string(ends_it);
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
      return "two-phase commit takes the transaction out of retort's hands";
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
      savepoints.insert(stmt.savepoint_name != nullptr ? stmt.savepoint_name : "");
      return std::nullopt;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: {
      const std::string name = stmt.savepoint_name != nullptr ? stmt.savepoint_name : "";
      if (auto it = savepoints.find(name); it != savepoints.end()) {
        if (stmt.kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE) {
          savepoints.erase(it);
        }
        return std::nullopt;
      }
      return "the migration did not create savepoint \"" + name +
             "\" before it; releasing or rolling back to a savepoint of retort's would undo "
             "or end the step's own boundary";
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string> misuse(const PgQuery__VariableSetStmt& stmt) {
  if (stmt.name != nullptr && std::string_view(stmt.name) == "session_authorization") {
    return "it changes who the session is for the rest of the run, beyond the migration's "
           "transaction; use SET LOCAL ROLE inside the migration instead";
  }
  return std::nullopt;
}

}  // namespace

std::optional<transaction_control> find_transaction_control(std::string_view sql,
                                                            savepoint_names& savepoints) {
  auto tree = parse_tree::of(sql, nullptr);
  if (!tree) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < tree->size(); ++i) {
    const PgQuery__Node& node = tree->statement(i);
    std::optional<std::string> why;
    if (node.node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT) {
      why = misuse(*node.transaction_stmt, savepoints);
    } else if (node.node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
      why = misuse(*node.variable_set_stmt);
    }
    if (why) {
      return transaction_control{std::string(tree->text(i)), std::move(*why)};
    }
  }
  return std::nullopt;
}

}  // namespace retort::sql_parse
