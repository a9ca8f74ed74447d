// A model PostgreSQL refuses: an index on a column the table does not have.
#include <retort/model.hpp>

namespace {

retort::model::schema unbuildable() {
  retort::model::schema s;
  s.table("orders").column("id", retort::op::type::bigint(), {.primary_key = true});
  s.table("lines")
      .column("id", retort::op::type::bigint(), {.primary_key = true})
      .index("ix_lines_order", {"order_id"});
  return s;
}

}  // namespace

RETORT_MODEL(unbuildable);
