#include "model/operation_name.hpp"

#include <array>
#include <variant>

namespace retort::model {

namespace {

// In the order of the `operation` variant's alternatives.
constexpr std::array<std::string_view, 31> names = {
    "create_table",     "drop_table",          "rename_table",      "add_column",
    "drop_column",      "alter_column",        "create_index",      "drop_index",
    "add_constraint",   "drop_constraint",     "create_extension",  "drop_extension",
    "execute",          "bulk_insert",         "set_table_comment", "set_column_comment",
    "create_schema",    "drop_schema",         "create_enum",       "drop_enum",
    "add_enum_value",   "create_sequence",     "drop_sequence",     "squash_point",
    "attach_partition", "detach_partition",    "lint_waiver",       "data_step",
    "backfill",         "validate_constraint", "set_not_null"};
static_assert(names.size() == std::variant_size_v<operation>,
              "every operation needs its name here, in the variant's order");

}  // namespace

std::string_view operation_name(const operation& op) noexcept {
  return names[op.index()];
}

}  // namespace retort::model
