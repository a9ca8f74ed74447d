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
[[maybe_unused]] static const retort::plugin_detail::registrar registrar{info, &upgrade, &downgrade,
                                                                         __FILE__};
