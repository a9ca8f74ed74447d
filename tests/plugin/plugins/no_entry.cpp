// A migration compiled into a plain MODULE library, without retort_add_migrations(): the library
// has a registry but no entry point.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "ffff00000001", .message = "built by hand"});

retort::operations upgrade() {
  return {};
}
retort::operations downgrade() {
  return {};
}
