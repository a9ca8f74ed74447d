#include "store/version_table.hpp"

#include <retort/errors.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "render/postgres_dialect.hpp"

namespace retort::store {

namespace {

// Ids are at most 64 characters (is_valid_revision_id); Alembic's 32 has caused outages.
constexpr int version_num_width_created = 255;

const render::postgres_dialect& dialect() {
  static const render::postgres_dialect instance;
  return instance;
}

}  // namespace

version_table_sql::version_table_sql(version_table_location location)
    : location_(std::move(location)),
      qualified_name_(dialect().qualified_name(location_.schema, location_.table)) {}

sql_statement version_table_sql::create() const {
  // Alembic names the key `<table>_pkc`; keep it so Alembic sees the table it expects.
  return {
      fmt::format("CREATE TABLE IF NOT EXISTS {} (\n    version_num varchar({}) NOT NULL,\n"
                  "    CONSTRAINT {} PRIMARY KEY (version_num)\n)",
                  qualified_name(), version_num_width_created,
                  dialect().quote_identifier(location_.table + "_pkc"))};
}

std::optional<sql_statement> version_table_sql::create_schema() const {
  if (location_.schema.empty()) {
    return std::nullopt;
  }
  return sql_statement{
      fmt::format("CREATE SCHEMA IF NOT EXISTS {}", dialect().quote_identifier(location_.schema))};
}

sql_statement version_table_sql::select_heads() const {
  return {fmt::format("SELECT version_num FROM {} ORDER BY version_num", qualified_name())};
}

std::vector<sql_statement> version_table_sql::apply(const std::vector<std::string>& removed,
                                                    const std::vector<std::string>& added) const {
  const auto update = [&](const std::string& from, const std::string& to) {
    return sql_statement{
        fmt::format("UPDATE {} SET version_num = $1 WHERE version_num = $2", qualified_name()),
        {to, from}};
  };
  const auto insert = [&](const std::string& id) {
    return sql_statement{fmt::format("INSERT INTO {} (version_num) VALUES ($1)", qualified_name()),
                         {id}};
  };
  const auto remove = [&](const std::string& id) {
    return sql_statement{fmt::format("DELETE FROM {} WHERE version_num = $1", qualified_name()),
                         {id}};
  };
  std::vector<sql_statement> out;
  // An unmerge: Alembic (HeadMaintainer.update_to_step) inserts every parent but the last, then
  // updates the row to the last.
  if (removed.size() == 1 && added.size() > 1) {
    for (std::size_t i = 0; i + 1 < added.size(); ++i) {
      out.push_back(insert(added[i]));
    }
    out.push_back(update(removed.front(), added.back()));
    return out;
  }
  // A merge: Alembic deletes every parent but the last, then updates the last; pairing the last
  // removed rows with the added ones does the same, and a step that only adds inserts.
  const std::size_t paired = std::min(removed.size(), added.size());
  const std::size_t first_paired = removed.size() - paired;
  for (std::size_t i = 0; i < first_paired; ++i) {
    out.push_back(remove(removed[i]));
  }
  for (std::size_t i = 0; i < paired; ++i) {
    out.push_back(update(removed[first_paired + i], added[i]));
  }
  for (std::size_t i = paired; i < added.size(); ++i) {
    out.push_back(insert(added[i]));
  }
  return out;
}

sql_statement version_table_sql::delete_all() const {
  return {fmt::format("DELETE FROM {}", qualified_name())};
}

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
