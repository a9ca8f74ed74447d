// A plugin whose metadata section describes other migrations than its code declares, as if the
// file had been edited after it was built: here the record and the code differ in the message.
#include <retort/migration.hpp>

static retort::operations upgrade() {
  return {};
}
static retort::operations downgrade() {
  return {};
}

static constexpr retort::migration_info in_code{.revision = "9999000000a1",
                                                .message = "what the code says"};
static constexpr retort::migration_info in_file{.revision = "9999000000a1",
                                                .message = "what the file says"};

RETORT_DETAIL_MIGRATION_RECORD(in_file, __FILE__);
// Written by hand, as the build writes it for a file with a RETORT_MIGRATION header.
RETORT_DETAIL_SOURCE_CHECKSUM_RECORD(
    checksum_a1, "9999000000a1",
    "00000000000000000000000000000000000000000000000000000000000000a1");
static constexpr auto in_code_header =
    retort::detail::migration_record<retort::detail::migration_record_size(in_code, __FILE__)>(
        in_code, __FILE__);
[[maybe_unused]] static const retort::plugin_detail::registrar registrar{in_code_header, &upgrade,
                                                                         &downgrade};
