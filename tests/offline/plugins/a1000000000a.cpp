#include <retort/migration.hpp>

// A transactional migration whose values need quoting as literals in a script.
RETORT_MIGRATION({.revision = "a1000000000a", .message = "create gadgets"});

retort::operations upgrade() {
  return {
      op::create_table("gadgets",
                       {op::column("id", op::type::integer()), op::column("name", op::type::text()),
                        op::column("price", op::type::double_precision()),
                        op::column("in_stock", op::type::boolean())}),
      op::bulk_insert("gadgets", {"id", "name", "price", "in_stock"},
                      {
                          {1, "it's", 9.5, true},
                          {2, "back\\slash \\' E'x'", -0.25, false},
                          {3, "", nullptr, nullptr},
                          {4, nullptr, 1e300, true},
                          {5, "Zoë; DROP TABLE gadgets; --", 0.0, false},
                          {6, "$1 \"quoted\" $$dollar$$ /* not a comment", 3.0, true},
                          {7, "two\nlines\\n", 4.0, true},
                      }),
  };
}
retort::operations downgrade() {
  return {op::drop_table("gadgets")};
}
