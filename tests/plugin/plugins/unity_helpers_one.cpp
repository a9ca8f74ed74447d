// Built with its neighbours as one translation unit (UNITY_BATCH_SIZE): a header that
// <retort/migration.hpp> does not include, and a helper whose name the next file uses too.
#include <map>
#include <string>

#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000005",
                  .down_revision = {"dddd00000004"},
                  .message = "casks, named by a helper"});

static std::string table() {
  const std::map<int, std::string> names{{1, "casks"}};
  return names.at(1);
}

retort::operations upgrade() {
  return {op::create_table(table(), {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table(table())};
}
