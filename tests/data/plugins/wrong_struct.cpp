// A struct that no longer matches its table: refused before the code runs.
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <optional>
#include <string>

RETORT_MIGRATION({.revision = "da7a00000003",
                  .down_revision = {"da7a00000001"},
                  .message = "read producers with a stale struct"});

namespace {

struct producer_row {
  std::int64_t id;
  std::string name;
  std::string first_name;
  std::optional<std::string> country;
};

const retort::table<producer_row> producers{
    "producers",
    {retort::column<&producer_row::id>("id", op::type::integer()),
     retort::column<&producer_row::name>("name", op::type::text()),
     retort::column<&producer_row::first_name>("first_name", op::type::varchar(40)),
     retort::column<&producer_row::country>("country", op::type::text())},
    {.row_type = "producer_row"}};

}  // namespace

retort::operations upgrade() {
  return {
      op::run("touch every producer",
              [](retort::session& s) { s.execute("UPDATE producers SET touched = touched + 1"); },
              {.expects = {producers}})};
}
retort::operations downgrade() {
  return {};
}
