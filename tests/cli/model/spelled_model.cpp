// A model that says what PostgreSQL stores in other words: index keys with the default operator
// class written out, `NULLS LAST` on an ascending key, an expression key that is a bare column,
// a check PostgreSQL rewrites, and the default schema named. Built as it is, the database
// matches it, and autogenerate must say so.
#include <retort/model.hpp>

namespace {

retort::model::schema spelled() {
  namespace op = retort::op;
  using namespace retort::op::type;
  retort::model::schema s;
  s.table("casks", {.schema = "public"})
      .column("id", bigint(), {.primary_key = true})
      .column("name", text(), {.nullable = false})
      .column("age", integer(), {.nullable = false, .server_default = "0"})
      .check("ck_casks_age", "age BETWEEN 0 AND 80")
      .index("ix_casks_name_ops", {op::key("name", {.opclass = "text_ops"})})
      .index("ix_casks_age_nulls", {op::key("age", {.nulls = op::nulls_order::last})})
      .index("ix_casks_name_expression", {op::expression("(name)")});
  s.table("barrels")
      .column("id", bigint(), {.primary_key = true})
      .column("volume", integer(), {.nullable = false, .server_default = "(225)"});
  return s;
}

}  // namespace

RETORT_MODEL(spelled);
