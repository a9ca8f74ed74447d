#include "sql_parse/concurrent_index.hpp"

#include "sql_parse/parse_tree.hpp"

namespace retort::sql_parse {

std::optional<concurrent_index> find_concurrent_index(std::string_view sql) {
  auto tree = parse_tree::of(sql, nullptr);
  if (!tree) {
    return std::nullopt;
  }
  std::optional<concurrent_index> found;
  for (std::size_t i = 0; i < tree->size(); ++i) {
    const PgQuery__Node& node = tree->statement(i);
    if (node.node_case != PG_QUERY__NODE__NODE_INDEX_STMT || !node.index_stmt->concurrent ||
        node.index_stmt->relation == nullptr) {
      continue;
    }
    const auto& stmt = *node.index_stmt;
    auto text = [](const char* s) { return std::string(s != nullptr ? s : ""); };
    found = concurrent_index{text(stmt.relation->schemaname), text(stmt.relation->relname),
                             text(stmt.idxname)};
  }
  return found;
}

}  // namespace retort::sql_parse
