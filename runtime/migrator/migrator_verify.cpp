// `retort verify`: the migrator's loading and checks, then a replay instead of a connection.
#include <map>

#include "migrator/migrator.hpp"

namespace retort {

verify::report migrator::verify() {
  // Migration code runs only to give its operations; nothing here connects.
  load_code();
  const auto by_revision = migrations_by_revision();
  return verify::verify_history(
      *graph_, [&](const std::string& revision, verify::direction direction) {
        const auto* m = by_revision.at(revision);
        return direction == verify::direction::upgrade ? m->upgrade() : m->downgrade();
      });
}

}  // namespace retort
