#include "store/version_table.hpp"

#include <retort/errors.hpp>

#include <fmt/format.h>

namespace retort::store {

version_table::version_table(pg::session& session, version_table_location location)
    : session_(session), location_(location), sql_(std::move(location)) {}

bool version_table::exists() {
  auto result =
      session_.exec(sql_statement{"SELECT to_regclass($1) IS NOT NULL", {sql_.qualified_name()}});
  return result.rows.at(0).at(0) == std::optional<std::string>("t");
}

void version_table::ensure_exists() {
  if (exists()) {
    return;
  }
  if (auto schema = sql_.create_schema()) {
    session_.exec(*schema);
  }
  session_.exec(sql_.create());
}

std::vector<std::string> version_table::heads() {
  if (!exists()) {
    return {};
  }
  return existing_heads();
}

std::vector<std::string> version_table::existing_heads() {
  std::vector<std::string> out;
  for (const auto& row : session_.exec(sql_.select_heads()).rows) {
    if (row.at(0)) {
      out.push_back(*row.at(0));
    }
  }
  return out;
}

std::optional<int> version_table::version_num_width() {
  // A varchar's type modifier is its declared length plus the 4-byte header.
  auto result = session_.exec(sql_statement{
      "SELECT atttypmod - 4 FROM pg_attribute WHERE attrelid = to_regclass($1) "
      "AND attname = 'version_num' AND atttypid = 'varchar'::regtype AND atttypmod > 0",
      {sql_.qualified_name()}});
  if (result.rows.empty() || !result.rows[0][0]) {
    return std::nullopt;
  }
  return std::stoi(*result.rows[0][0]);
}

void version_table::apply(const std::vector<std::string>& removed,
                          const std::vector<std::string>& added) {
  for (const auto& statement : sql_.apply(removed, added)) {
    auto result = session_.exec(statement);
    if (result.affected_rows != 1) {
      throw database_error(
          fmt::format("the version table changed under this run: `{}` affected {} rows instead "
                      "of 1; another process may be migrating this database",
                      statement.sql, result.affected_rows),
          "", statement.sql);
    }
  }
}

void version_table::replace_all(const std::vector<std::string>& heads) {
  session_.exec(sql_.delete_all());
  for (const auto& statement : sql_.apply({}, heads)) {
    session_.exec(statement);
  }
}

}  // namespace retort::store
