// Links only because its module is built without --no-undefined: nothing defines this function,
// so the plugin's revision metadata reads fine but loading it (RTLD_NOW) fails.
#include <retort/migration.hpp>

retort::operations retort_test_undefined_widgets(int);

RETORT_MIGRATION({.revision = "aaaa00000009",
                  .down_revision = {"aaaa00000001"},
                  .message = "call what nothing defines"});

retort::operations upgrade() {
  return retort_test_undefined_widgets(1);
}
retort::operations downgrade() {
  return {};
}
