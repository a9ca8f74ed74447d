// Untyped rows read as the wrong C++ type: the error names column, row key and both types.
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <cstdint>

RETORT_MIGRATION({.revision = "da7a00000005",
                  .down_revision = {"da7a00000001"},
                  .message = "read a name as a number"});

retort::operations upgrade() {
  return {op::run("sum the names", [](retort::session& s) {
    std::int64_t total = 0;
    for (const retort::row& r :
         s.query("SELECT id, name FROM producers WHERE id >= $1 ORDER BY id", 3)) {
      total += r.get<std::int64_t>("name");
    }
    s.execute("UPDATE producers SET touched = $1", total);
  })};
}
retort::operations downgrade() {
  return {};
}
