#include <retort/migration.hpp>

// Reserved, mixed-case and Unicode table names; quotes in every place a name or a value can go:
// defaults and comments (literals in DDL, which takes no parameters), index, constraint and
// renamed names, and inserted values that look like SQL or like parameter placeholders.
RETORT_MIGRATION({.revision = "bbbb00000002",
                  .down_revision = {"bbbb00000001"},
                  .message = "reserved, mixed-case and Unicode names; quoted defaults"});

retort::operations upgrade() {
  return {
      op::create_table(
          "select",
          {op::column("from", op::type::integer(), {.nullable = false, .primary_key = true}),
           op::column("Ünïcödé", op::type::text(),
                      {.server_default = op::literal("it's \"quoted\"; DROP TABLE x; --")}),
           op::column("path", op::type::text(),
                      {.server_default = op::literal("C:\\temp\\ 'x' $1")})}),
      op::create_table("MixedCase", {op::column("Id", op::type::integer()),
                                     op::column("ref", op::type::integer())}),
      op::create_table("Ünïcödé", {op::column("ñame", op::type::text())}),
      op::create_index("ix \"select\"; --", "select", {"Ünïcödé"}),
      op::create_foreign_key("fk \"MixedCase\" -> select", "MixedCase", "select", {"ref"},
                             {"from"}),
      op::create_unique_constraint("uq 'Id'", "MixedCase", {"Id"}),
      op::alter_column("MixedCase", "ref", {.new_name = "Ref\"erence"}),
      op::rename_table("Ünïcödé", "ÜNÏCÖDÉ \"2\""),
      op::bulk_insert("select", {"from"}, {{1}, {2}}),
      op::bulk_insert("MixedCase", {"Id", "Ref\"erence"}, {{10, 1}, {20, 2}}),
      op::bulk_insert("ÜNÏCÖDÉ \"2\"", {"ñame"},
                      {{"$1 ' \\ \" ; -- /* E'x' $$"}, {"Ünïcödé 日本語 🍷"}}),
      op::set_table_comment("select", "it's the \"select\" table; DROP TABLE x; --"),
      op::set_column_comment("MixedCase", "Id", "O'Brien \\n"),
  };
}
retort::operations downgrade() {
  return {
      op::drop_table("ÜNÏCÖDÉ \"2\""),
      op::drop_table("MixedCase"),
      op::drop_table("select"),
  };
}
