#include "lint/not_null_proof.hpp"

#include <fmt/format.h>

#include "sql_parse/parse_tree.hpp"

namespace retort::lint {

namespace {

void collect(const PgQuery__Node* node, std::vector<std::string>& out) {
  if (node == nullptr) {
    return;
  }
  if (node->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
      node->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
    for (std::size_t i = 0; i < node->bool_expr->n_args; ++i) {
      collect(node->bool_expr->args[i], out);
    }
    return;
  }
  if (node->node_case != PG_QUERY__NODE__NODE_NULL_TEST ||
      node->null_test->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL) {
    return;
  }
  const PgQuery__Node* arg = node->null_test->arg;
  if (arg != nullptr && arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
      arg->column_ref->n_fields == 1 &&
      arg->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
    out.emplace_back(arg->column_ref->fields[0]->string->sval);
  }
}

}  // namespace

std::vector<std::string> columns_proved_not_null(const PgQuery__Node* condition) {
  std::vector<std::string> out;
  collect(condition, out);
  return out;
}

std::vector<std::string> columns_proved_not_null(std::string_view condition_sql) {
  auto tree = sql_parse::parse_tree::of(fmt::format("SELECT {}", condition_sql), nullptr);
  if (!tree || tree->size() != 1 ||
      tree->statement(0).node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
    return {};
  }
  const auto& select = *tree->statement(0).select_stmt;
  if (select.n_target_list != 1 ||
      select.target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET) {
    return {};
  }
  return columns_proved_not_null(select.target_list[0]->res_target->val);
}

}  // namespace retort::lint
