// A query whose rows span many pages, read while the code writes: each row once.
#include <retort/migration.hpp>
#include <retort/session.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

RETORT_MIGRATION({.revision = "da7a00000007",
                  .down_revision = {"da7a00000001"},
                  .message = "copy a series through C++"});

retort::operations upgrade() {
  return {op::create_table("numbers", {op::column("n", op::type::bigint()),
                                       op::column("half", op::type::double_precision()),
                                       op::column("label", op::type::text())}),
          op::run("copy a series", [](retort::session& s) {
            std::int64_t rows = 0;
            for (const auto& r : s.query("SELECT g AS n, g / 2.0 AS half, NULL::text AS label "
                                         "FROM generate_series(1, $1::int) g",
                                         2500)) {
              const auto n = r.get<std::int64_t>("n");
              const auto half = r.get<double>("half");
              const auto label = r.get<std::optional<std::string>>("label");
              s.execute("INSERT INTO numbers VALUES ($1, $2, $3)", n, half,
                        label.value_or("#" + std::to_string(n)));
              ++rows;
            }
            if (s.query_value<std::int64_t>("SELECT count(*) FROM numbers") != rows) {
              throw std::logic_error("rows went missing");
            }
          })};
}
retort::operations downgrade() {
  return {op::drop_table("numbers")};
}
