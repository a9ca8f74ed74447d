#include <retort/migration.hpp>

// A unique index built concurrently over duplicate names: PostgreSQL fails the build after
// creating the index, and keeps it, INVALID.
RETORT_MIGRATION({.revision = "dddd00000005",
                  .down_revision = {"dddd00000001"},
                  .message = "unique thing names",
                  .transactional = false});

retort::operations upgrade() {
  return {
      op::execute("INSERT INTO things (id, name) VALUES (1, 'twin'), (2, 'twin')"),
      op::create_index("ux_things_name", "things", {"name"},
                       {.unique = true, .concurrently = true}),
  };
}
retort::operations downgrade() {
  return {op::drop_index("ux_things_name", {.concurrently = true})};
}
