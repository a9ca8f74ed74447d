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
// Written by hand, as the build writes it for a file with a RETORT_MIGRATION header.
RETORT_DETAIL_SOURCE_CHECKSUM_RECORD(
    checksum_b2, "9999000000b2",
    "00000000000000000000000000000000000000000000000000000000000000b2");
}  // namespace only_in_file
