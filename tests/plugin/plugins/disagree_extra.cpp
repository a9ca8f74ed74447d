// A plugin whose metadata section lists a revision its code does not declare.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "9999000000b1", .message = "declared by both"});

retort::operations upgrade() {
  return {};
}
retort::operations downgrade() {
  return {};
}

namespace only_in_file {
static constexpr retort::migration_info info{.revision = "9999000000b2",
                                             .message = "recorded, never declared"};
RETORT_DETAIL_MIGRATION_RECORD(info, __FILE__);
}  // namespace only_in_file
