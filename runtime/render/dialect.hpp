#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <retort/operations.hpp>

#include "sql_statement.hpp"

namespace retort::render {

/// What SQL an operation becomes. A pure function of its input: no connection, no state, so
/// online execution and offline SQL output share it and cannot drift.
class dialect {
 public:
  virtual ~dialect() = default;
  [[nodiscard]] virtual std::vector<sql_statement> render(const operation& op) const = 0;
  [[nodiscard]] virtual std::string quote_identifier(std::string_view name) const = 0;
};

}  // namespace retort::render
