#include <retort/migration.hpp>

// Identifiers that only quoting keeps harmless.
RETORT_MIGRATION({.revision = "bbbb00000001", .message = "hostile and reserved names"});

retort::operations upgrade() {
  return {
      op::create_table("a\"b; DROP TABLE x;--", {op::column("select", op::type::text()),
                                                 op::column("MixedCase", op::type::integer()),
                                                 op::column("prénom", op::type::text())}),
      op::bulk_insert("a\"b; DROP TABLE x;--", {"select", "MixedCase", "prénom"},
                      {{"'); DROP TABLE x; --", 1, "Zoë"}, {nullptr, 2, "\"quoted\""}}),
  };
}
retort::operations downgrade() {
  return {op::drop_table("a\"b; DROP TABLE x;--")};
}
