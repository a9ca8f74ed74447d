// A data step over typed rows: split each producer's name into first and last name.
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <optional>
#include <string>

RETORT_MIGRATION({.revision = "da7a00000002",
                  .down_revision = {"da7a00000001"},
                  .message = "split producer names"});

namespace {

// producers as this revision reads it.
struct producer_row {
  std::int64_t id;
  std::string name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  int touched;
};

const retort::table<producer_row> producers{
    "producers",
    {retort::column<&producer_row::id>("id", op::type::bigint()),
     retort::column<&producer_row::name>("name", op::type::text()),
     retort::column<&producer_row::first_name>("first_name", op::type::varchar(40)),
     retort::column<&producer_row::last_name>("last_name", op::type::varchar(40)),
     retort::column<&producer_row::touched>("touched", op::type::integer())},
    {.row_type = "producer_row"}};

void split(retort::session& s) {
  for (producer_row p : s.rows(producers, "WHERE first_name IS NULL ORDER BY id")) {
    const auto space = p.name.find(' ');
    p.first_name =
        space == std::string::npos ? std::nullopt : std::optional(p.name.substr(0, space));
    p.last_name = space == std::string::npos ? p.name : p.name.substr(space + 1);
    p.touched += 1;
    s.update(producers, p, {"first_name", "last_name", "touched"});
  }
}

}  // namespace

retort::operations upgrade() {
  return {op::run("split producer names", split, {.expects = {producers}})};
}
retort::operations downgrade() {
  return {op::run("forget split names", [](retort::session& s) {
    s.execute("UPDATE producers SET first_name = NULL, last_name = NULL, touched = touched + $1",
              1);
  })};
}
