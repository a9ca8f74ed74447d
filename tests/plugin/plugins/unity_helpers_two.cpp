// The same helper name as unity_helpers_one.cpp, and a header found next to this file.
#include "unity_local.hpp"

#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000006",
                  .down_revision = {"dddd00000005"},
                  .message = "barrels, named by a helper"});

static std::string table() {
  return unity_local_table_name();
}

retort::operations upgrade() {
  return {op::create_table(table(), {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table(table())};
}
