// Code that tries to commit the migration's transaction itself: refused, rolled back.
#include <retort/migration.hpp>
#include <retort/session.hpp>

RETORT_MIGRATION({.revision = "da7a00000006",
                  .down_revision = {"da7a00000001"},
                  .message = "commit half-way"});

retort::operations upgrade() {
  return {op::run("commit half-way", [](retort::session& s) {
    s.execute("UPDATE producers SET touched = 7");
    s.execute("COMMIT");
  })};
}
retort::operations downgrade() {
  return {};
}
