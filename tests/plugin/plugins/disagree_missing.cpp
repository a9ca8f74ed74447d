// A plugin whose code declares a revision its metadata section does not list.
#include <retort/migration.hpp>

static retort::operations upgrade() {
  return {};
}
static retort::operations downgrade() {
  return {};
}

static constexpr retort::migration_info info{.revision = "9999000000c1",
                                             .message = "declared, never recorded"};
// The header the code declares, as RETORT_MIGRATION writes it, without the section's record.
static constexpr auto header =
    retort::detail::migration_record<retort::detail::migration_record_size(info, __FILE__)>(
        info, __FILE__);
[[maybe_unused]] static const retort::plugin_detail::registrar registrar{header, &upgrade,
                                                                         &downgrade};
