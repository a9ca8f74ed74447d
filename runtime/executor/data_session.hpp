#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include <retort/session.hpp>

#include "pg/session.hpp"
#include "sql_parse/transaction_control.hpp"

namespace retort::executor {

/// The `retort::session` a data step's code gets: statements and cursors on the migration's
/// open transaction. Statements that would end or leave that transaction are refused before
/// they reach the server.
class data_session final : public retort::session {
 public:
  explicit data_session(pg::session& connection) noexcept : connection_(connection) {}

  std::int64_t execute_with(std::string_view sql, std::span<const param> params) override;
  std::unique_ptr<row_source> query_with(std::string_view sql,
                                         std::span<const param> params) override;

  /// The type `oid` as `format_type` names it; asked once per type.
  const std::string& type_name(unsigned oid);

 private:
  sql_statement statement(std::string_view sql, std::span<const param> params);

  pg::session& connection_;
  sql_parse::savepoint_names savepoints_;
  std::map<unsigned, std::string> type_names_;
  unsigned cursors_ = 0;
};

}  // namespace retort::executor
