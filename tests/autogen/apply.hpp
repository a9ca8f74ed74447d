#pragma once

#include <retort/operations.hpp>

#include "pg/session.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::testing {

/// Runs `sequence` in one transaction, as the executor runs a migration.
inline void apply(pg::session& session, const operations& sequence) {
  const render::postgres_dialect dialect;
  session.begin();
  try {
    for (const auto& op : sequence) {
      for (const auto& statement : dialect.render(op)) {
        session.exec(statement);
      }
    }
    session.commit();
  } catch (...) {
    session.rollback();
    throw;
  }
}

}  // namespace retort::testing
