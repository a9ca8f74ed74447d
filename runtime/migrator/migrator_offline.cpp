// Offline mode: the migrator's loading and checks, then a script instead of a connection.
#include <map>

#include "migrator/migrator.hpp"
#include "offline/offline_script.hpp"

namespace retort {

namespace {

std::map<std::string, const loaded_migration*> by_revision(
    const std::vector<loaded_migration>& migrations) {
  std::map<std::string, const loaded_migration*> out;
  for (const auto& m : migrations) {
    out.emplace(m.info().revision, &m);
  }
  return out;
}

}  // namespace

std::string migrator::upgrade_sql(std::string_view range, bool single_transaction) {
  // Migration code runs only to give its operations; nothing here connects.
  load_code();
  return offline::upgrade_script(*graph_, by_revision(migrations_), range,
                                 {options_.version_table, single_transaction});
}

std::string migrator::downgrade_sql(std::string_view range, bool single_transaction) {
  load_code();
  return offline::downgrade_script(*graph_, by_revision(migrations_), range,
                                   {options_.version_table, single_transaction});
}

std::string migrator::stamp_sql(const std::vector<std::string>& targets, bool purge,
                                bool single_transaction) {
  load();
  return offline::stamp_script(*graph_, targets, purge,
                               {options_.version_table, single_transaction});
}

}  // namespace retort
