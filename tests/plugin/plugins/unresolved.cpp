// Links only because the module is built without --no-undefined: nothing defines this function.
#include <retort/migration.hpp>

retort::operations retort_test_missing_function(int);

RETORT_MIGRATION({.revision = "ffff00000002", .message = "call what nothing defines"});

retort::operations upgrade() {
  return retort_test_missing_function(1);
}
retort::operations downgrade() {
  return {};
}
