#include "lint/type_change.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "sql_parse/parse_tree.hpp"

namespace retort::lint {

namespace {

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A missing modifier means no limit for the length-like types.
bool limit_not_lower(const spelled_type& from, const spelled_type& to) {
  if (to.modifiers.empty()) {
    return true;
  }
  return !from.modifiers.empty() && to.modifiers.front() >= from.modifiers.front();
}

// Fractional seconds: a missing modifier is the full precision, 6.
std::int64_t seconds_precision(const spelled_type& t) {
  return t.modifiers.empty() ? 6 : t.modifiers.front();
}

}  // namespace

spelled_type spelled(const PgQuery__TypeName& type) {
  spelled_type out;
  for (std::size_t i = type.n_names; i > 0; --i) {
    const PgQuery__Node* n = type.names[i - 1];
    if (n != nullptr && n->node_case == PG_QUERY__NODE__NODE_STRING) {
      out.name = n->string->sval != nullptr ? n->string->sval : "";
      break;
    }
  }
  for (std::size_t i = 0; i < type.n_typmods; ++i) {
    const PgQuery__Node* m = type.typmods[i];
    if (m != nullptr && m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      out.modifiers.push_back(m->a_const->ival->ival);
    } else {
      out.other_modifiers = true;
    }
  }
  out.array_dimensions = type.n_array_bounds;
  return out;
}

std::optional<spelled_type> spelled(std::string_view sql_type) {
  auto tree = sql_parse::parse_tree::of(fmt::format("SELECT NULL::{}", sql_type), nullptr);
  if (!tree || tree->size() != 1) {
    return std::nullopt;
  }
  const PgQuery__Node& select = tree->statement(0);
  if (select.node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
      select.select_stmt->n_target_list != 1) {
    return std::nullopt;
  }
  const PgQuery__Node* target = select.select_stmt->target_list[0];
  if (target->node_case != PG_QUERY__NODE__NODE_RES_TARGET || target->res_target->val == nullptr ||
      target->res_target->val->node_case != PG_QUERY__NODE__NODE_TYPE_CAST ||
      target->res_target->val->type_cast->type_name == nullptr) {
    return std::nullopt;
  }
  return spelled(*target->res_target->val->type_cast->type_name);
}

bool rewrites_table(const spelled_type& from, const spelled_type& to) {
  if (from.other_modifiers || to.other_modifiers || from.name.empty()) {
    return true;
  }
  if (from.array_dimensions != to.array_dimensions) {
    return true;
  }
  if (from == to) {
    return false;
  }
  const auto& a = from.name;
  const auto& b = to.name;
  if ((a == "varchar" && b == "varchar") || (a == "varbit" && b == "varbit")) {
    return !limit_not_lower(from, to);
  }
  if ((a == "varchar" && b == "text") || (a == "text" && b == "varchar" && to.modifiers.empty())) {
    return false;
  }
  if (a == "numeric" && b == "numeric") {
    if (to.modifiers.empty()) {
      return false;
    }
    if (from.modifiers.empty()) {
      return true;  // an unlimited numeric gets a limit: every value is checked and rounded
    }
    const auto from_scale = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
    const auto to_scale = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
    return !(to_scale == from_scale && to.modifiers[0] >= from.modifiers[0]);
  }
  if (a == b && is_one_of(a, {"timestamp", "timestamptz", "time", "timetz", "interval"})) {
    return a == "interval" && (from.modifiers.size() > 1 || to.modifiers.size() > 1)
               ? true  // interval fields (YEAR TO MONTH, ...) are not a precision
               : seconds_precision(to) < seconds_precision(from);
  }
  return !(a == "cidr" && b == "inet");
}

}  // namespace retort::lint
