// Code that changes rows and then throws: the migration rolls back with its changes.
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <stdexcept>

RETORT_MIGRATION({.revision = "da7a00000004",
                  .down_revision = {"da7a00000001"},
                  .message = "touch producers, then fail"});

retort::operations upgrade() {
  return {op::add_column("producers", op::column("country", op::type::text())),
          op::run("touch then fail", [](retort::session& s) {
            s.execute("UPDATE producers SET touched = touched + 1, country = $1", "it");
            throw std::runtime_error("the exchange-rate feed is unreachable");
          })};
}
retort::operations downgrade() {
  return {op::drop_column("producers", "country")};
}
