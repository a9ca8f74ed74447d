#include <retort/migration.hpp>

#include <cstdlib>

RETORT_MIGRATION({.revision = "aaaa00000001",
                  .message = "enable trigram search",
                  .transactional = false});

retort::operations upgrade() {
  return {op::create_extension("pg_trgm")};
}
retort::operations downgrade() {
  return {op::drop_extension("pg_trgm")};
}

// Tells the tests whether this plugin's code ran: loading a plugin runs its static initializers.
[[maybe_unused]] static const bool witness = [] {
  return ::setenv("RETORT_PLUGIN_TEST_BETA_LOADED", "1", 1) == 0;
}();
