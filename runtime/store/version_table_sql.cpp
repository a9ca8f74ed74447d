#include "store/version_table_sql.hpp"

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

}  // namespace retort::store
