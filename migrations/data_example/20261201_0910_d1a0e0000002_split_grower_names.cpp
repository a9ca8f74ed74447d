// Split each grower's full name into first and last name, in C++
//
// Revision ID: d1a0e0000002
// Revises: d1a0e0000001
// Create Date: 2026-12-01 09:10:00 UTC
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace {

// growers as this revision reads it, frozen here (as `retort revision --data growers` writes
// it): the file keeps compiling whatever the table becomes, and the step is refused if the
// table no longer has these columns with these types.
struct grower_row {
  std::int64_t id;
  std::string full_name;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
};

const retort::table<grower_row> growers{
    "growers",
    {retort::column<&grower_row::id>("id", retort::op::type::bigint()),
     retort::column<&grower_row::full_name>("full_name", retort::op::type::text()),
     retort::column<&grower_row::first_name>("first_name", retort::op::type::text()),
     retort::column<&grower_row::last_name>("last_name", retort::op::type::text())},
    {.key = {"id"}, .row_type = "grower_row"}};

// "Maria José López de Heredia" -> "Maria" and "José López de Heredia"; a single word is the
// last name.
void split_names(retort::session& s) {
  for (grower_row g : s.rows(growers, "WHERE first_name IS NULL ORDER BY id")) {
    const auto space = g.full_name.find(' ');
    if (space == std::string::npos) {
      g.last_name = g.full_name;
    } else {
      g.first_name = g.full_name.substr(0, space);
      g.last_name = g.full_name.substr(space + 1);
    }
    s.update(growers, g, {"first_name", "last_name"});
  }
}

}  // namespace

RETORT_MIGRATION({
    .revision = "d1a0e0000002",
    .down_revision = {"d1a0e0000001"},
    .message = "split grower names",
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {
      op::add_column("growers", op::column("first_name", text())),
      op::add_column("growers", op::column("last_name", text())),
      op::run("split full names", split_names, {.expects = {growers}}),
  };
}

retort::operations downgrade() {
  return {
      op::drop_column("growers", "last_name"),
      op::drop_column("growers", "first_name"),
  };
}
