#include "introspect/table_sizes.hpp"

#include <fmt/format.h>

#include "introspect/catalog.hpp"

namespace retort::introspect {

std::map<std::pair<std::string, std::string>, std::uint64_t> read_table_sizes(
    pg::session& session) {
  const auto result = session.exec(fmt::format(R"sql(
    SELECT n.nspname, c.relname,
           CASE WHEN c.relkind = 'p'
                THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0)
                      FROM pg_partition_tree(c.oid) t)
                ELSE pg_total_relation_size(c.oid) END
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'm') AND {})sql",
                                               catalog::user_schema));
  std::map<std::pair<std::string, std::string>, std::uint64_t> out;
  for (const auto& row : result.rows) {
    out[{catalog::get(row, 0), catalog::get(row, 1)}] =
        static_cast<std::uint64_t>(catalog::number(row, 2));
  }
  return out;
}

}  // namespace retort::introspect
