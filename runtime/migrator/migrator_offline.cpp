// Offline mode: the migrator's loading and checks, then a script instead of a connection.
#include "migrator/migrator.hpp"
#include "offline/offline_script.hpp"

namespace retort {

std::string migrator::upgrade_sql(std::string_view range, bool single_transaction) {
  // Migration code runs only to give its operations; nothing here connects.
  load_code();
  return offline::upgrade_script(*graph_, migrations_by_revision(), range,
                                 {options_.version_table, single_transaction});
}

std::string migrator::downgrade_sql(std::string_view range, bool single_transaction) {
  load_code();
  return offline::downgrade_script(*graph_, migrations_by_revision(), range,
                                   {options_.version_table, single_transaction});
}

std::string migrator::stamp_sql(const std::vector<std::string>& targets, bool purge,
                                bool single_transaction) {
  load();
  return offline::stamp_script(*graph_, targets, purge,
                               {options_.version_table, single_transaction});
}

}  // namespace retort
