#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pg/session.hpp"

namespace retort::testing {

/// A test's own view of its database: plain queries, to check what migrations left behind.
class database {
 public:
  explicit database(const std::string& url) : session_(pg::session::connect(url, "retort-test")) {}

  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : session_->exec(sql).rows) {
      out.push_back(row.at(0).value_or("NULL"));
    }
    return out;
  }
  std::string scalar(const std::string& sql) { return column(sql).at(0); }

  std::vector<std::string> tables() {
    return column(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1");
  }
  std::vector<std::string> indexes(const std::string& table) {
    return column("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = '" +
                  table + "' ORDER BY 1");
  }
  std::vector<std::string> columns(const std::string& table) {
    return column(
        "SELECT column_name || ' ' || data_type || ' ' || is_nullable FROM "
        "information_schema.columns WHERE table_schema = 'public' AND table_name = '" +
        table + "' ORDER BY ordinal_position");
  }
  std::vector<std::string> versions() {
    return column("SELECT version_num FROM alembic_version ORDER BY 1");
  }
  pg::session& session() { return *session_; }

 private:
  std::unique_ptr<pg::session> session_;
};

}  // namespace retort::testing
