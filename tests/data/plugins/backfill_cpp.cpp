// A backfill given as C++ code over each row of a batch, with typed rows.
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <string>

RETORT_MIGRATION({.revision = "da7a00000011",
                  .down_revision = {"da7a00000001"},
                  .message = "abbreviate names in C++",
                  .transactional = false});

namespace {

struct producer_row {
  std::int64_t id;
  std::string name;
  int touched;
};

const retort::table<producer_row> producers{
    "producers",
    {retort::column<&producer_row::id>("id", op::type::bigint()),
     retort::column<&producer_row::name>("name", op::type::text()),
     retort::column<&producer_row::touched>("touched", op::type::integer())}};

// The name's length in bytes and its first four bytes, computed here rather than in SQL.
void abbreviate(retort::session& s, const retort::row& r) {
  auto p = producers.read(r);
  p.touched += 1;
  s.execute("UPDATE producers SET first_name = $1, touched = $2 WHERE id = $3",
            std::to_string(p.name.size()) + "/" + p.name.substr(0, 4), p.touched, p.id);
}

}  // namespace

retort::operations upgrade() {
  return {op::backfill("abbreviate names", "producers",
                       {.key = "id", .each = abbreviate, .batch_size = 3})};
}
retort::operations downgrade() {
  return {op::execute("UPDATE producers SET first_name = NULL")};
}
