#include <retort/migration.hpp>

#include <stdexcept>

// Code that refuses to give its operations, after a migration a script cannot carry.
RETORT_MIGRATION({
    .revision = "f6000000000f",
    .down_revision = {"e5000000000e"},
    .message = "refuses in its code",
});

retort::operations upgrade() {
  throw std::runtime_error("the catalogue is not ready");
}
retort::operations downgrade() {
  return {};
}
