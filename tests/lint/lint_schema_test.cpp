// The rules that need the schema a migration starts from (the replay of its ancestors) or the
// live database's table sizes: what a table is like now decides whether a change is costly.
#include <retort/graph.hpp>
#include <retort/model/schema.hpp>
#include <retort/op.hpp>

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lint/lint_history.hpp"
#include "lint/lint_migration.hpp"
#include "lint/type_change.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::lint {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace type = op::type;

// `widgets` as the history before the migration left it.
model::schema widgets_schema() {
  model::schema s;
  s.table("widgets")
      .column("id", type::bigint(), {.primary_key = true})
      .column("name", type::varchar(50))
      .column("price", type::numeric(10, 2))
      .column("code", type::integer())
      .column("seen", type::timestamp_tz(3))
      .column("label", type::text())
      .column("owner", type::bigint())
      .check("owner_present", "owner IS NOT NULL");
  return s;
}

std::vector<std::string> rules_of(const operations& ops, const model::schema* before,
                                  const settings& project = {}, const table_sizes* live = nullptr) {
  render::postgres_dialect dialect;
  std::vector<std::string> out;
  for (const auto& f :
       lint_migration({"aaaa00000002", "aaaa00000002_change.cpp", true, ops, before}, dialect,
                      project, live)) {
    out.push_back(f.rule);
  }
  return out;
}

ops::alter_column retype(retort::name column, column_type to) {
  return op::alter_column("widgets", column, {.type = std::move(to)});
}

TEST(lint_schema, a_type_change_postgresql_makes_without_a_rewrite_is_not_flagged) {
  const auto before = widgets_schema();
  // varchar(n) is still not text, but the change itself is free.
  EXPECT_THAT(rules_of({retype("name", type::varchar(200))}, &before),
              ElementsAre("prefer-text-field"));
  EXPECT_THAT(rules_of({retype("name", type::varchar())}, &before), IsEmpty());
  EXPECT_THAT(rules_of({retype("name", type::text())}, &before), IsEmpty());
  EXPECT_THAT(rules_of({retype("label", type::varchar())}, &before), IsEmpty());
  EXPECT_THAT(rules_of({retype("price", type::numeric(14, 2))}, &before), IsEmpty());
  EXPECT_THAT(rules_of({retype("price", type::numeric())}, &before), IsEmpty());
  EXPECT_THAT(rules_of({retype("seen", type::timestamp_tz(6))}, &before), IsEmpty());
  // The same, as raw SQL.
  EXPECT_THAT(
      rules_of({op::execute("ALTER TABLE widgets ALTER COLUMN name TYPE character varying")},
               &before),
      IsEmpty());
}

TEST(lint_schema, a_type_change_that_rewrites_or_narrows_is_flagged_with_both_types) {
  const auto before = widgets_schema();
  EXPECT_THAT(rules_of({retype("name", type::varchar(20))}, &before),
              ElementsAre("changing-column-type", "prefer-text-field"));
  EXPECT_THAT(rules_of({retype("code", type::bigint())}, &before),
              ElementsAre("changing-column-type"));
  EXPECT_THAT(rules_of({retype("price", type::numeric(12, 3))}, &before),
              ElementsAre("changing-column-type"));
  EXPECT_THAT(rules_of({retype("label", type::varchar(10))}, &before),
              ElementsAre("changing-column-type", "prefer-text-field"));
  EXPECT_THAT(rules_of({retype("seen", type::timestamp_tz(0))}, &before),
              ElementsAre("changing-column-type"));
  // USING computes every value again, whatever the types.
  EXPECT_THAT(
      rules_of({op::alter_column("widgets", "name",
                                 {.type = type::text(), .using_expression = "upper(name)"})},
               &before),
      ElementsAre("changing-column-type"));
  // Without the schema before, nothing says the change is free.
  EXPECT_THAT(rules_of({retype("name", type::varchar(200))}, nullptr),
              ElementsAre("changing-column-type", "prefer-text-field"));

  render::postgres_dialect dialect;
  const operations ops{retype("code", type::bigint())};
  auto findings =
      lint_migration({"aaaa00000002", "aaaa00000002_change.cpp", true, ops, &before}, dialect);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detail, "column \"code\" of existing table \"widgets\" from int4 to int8");
}

TEST(lint_schema, a_type_change_follows_earlier_changes_in_the_same_migration) {
  const auto before = widgets_schema();
  // varchar(50) -> varchar(10) rewrites; then back up to 30 is a widening of the new type.
  EXPECT_THAT(
      rules_of({retype("name", type::varchar(10)), retype("name", type::varchar(30))}, &before),
      ElementsAre("changing-column-type", "prefer-text-field", "prefer-text-field"));
}

TEST(lint_schema, set_not_null_is_safe_once_a_valid_check_proves_it) {
  const auto before = widgets_schema();
  auto set_not_null = [](retort::name column) {
    return op::alter_column("widgets", column, {.nullable = false});
  };
  // The history's own check constraint proves `owner`.
  EXPECT_THAT(rules_of({set_not_null("owner")}, &before), IsEmpty());
  EXPECT_THAT(rules_of({set_not_null("label")}, &before), ElementsAre("setting-not-null"));
  // The safe pattern in one migration: add NOT VALID, validate, then SET NOT NULL.
  EXPECT_THAT(
      rules_of({op::execute("ALTER TABLE widgets ADD CONSTRAINT label_present CHECK (label IS NOT "
                            "NULL) NOT VALID"),
                op::execute("ALTER TABLE widgets VALIDATE CONSTRAINT label_present"),
                set_not_null("label")},
               &before),
      IsEmpty());
  // Not validated, it proves nothing.
  EXPECT_THAT(
      rules_of({op::execute("ALTER TABLE widgets ADD CONSTRAINT label_present CHECK (label IS NOT "
                            "NULL AND label <> '') NOT VALID"),
                set_not_null("label")},
               &before),
      ElementsAre("setting-not-null"));
}

TEST(lint_schema, with_live_sizes_lock_rules_are_silent_for_the_projects_small_tables) {
  const auto before = widgets_schema();
  settings project;
  project.small_table_bytes = 10 * 1024 * 1024;
  table_sizes live;
  live.bytes[{"public", "widgets"}] = 64 * 1024;
  live.bytes[{"public", "orders"}] = 50ULL * 1024 * 1024 * 1024;
  const operations ops{
      op::create_index("ix_w", "widgets", {"name"}), op::create_index("ix_o", "orders", {"placed"}),
      op::create_index("ix_u", "unknown_table", {"x"}), op::rename_table("widgets", "gadgets")};
  // A table the database does not have is not known to be small; a rename breaks the running
  // application whatever the table's size. Only the large and the unknown table count as locked.
  EXPECT_THAT(rules_of(ops, &before, project, &live),
              ElementsAre("require-concurrent-index-creation", "require-concurrent-index-creation",
                          "multiple-lock-taking-statements", "renaming-table"));
  render::postgres_dialect dialect;
  for (const auto& f :
       lint_migration({"r", "r.cpp", true, ops, &before}, dialect, project, &live)) {
    if (f.rule == "multiple-lock-taking-statements") {
      EXPECT_EQ(f.detail,
                "2 existing tables are locked in one transaction: \"orders\" (operation 2) and "
                "\"unknown_table\"");
    }
  }
  // Without a threshold, or without sizes, every table counts.
  const auto everything = ElementsAre(
      "require-concurrent-index-creation", "require-concurrent-index-creation",
      "multiple-lock-taking-statements", "require-concurrent-index-creation", "renaming-table");
  EXPECT_THAT(rules_of(ops, &before, {}, &live), everything);
  EXPECT_THAT(rules_of(ops, &before, project, nullptr), everything);
  // Dropping an index is weighed by its table, found in the schema before.
  model::schema indexed = before;
  indexed.tables.front().index("ix_name", {"name"});
  EXPECT_THAT(rules_of({op::drop_index("ix_name")}, &indexed, project, &live), IsEmpty());
  EXPECT_THAT(rules_of({op::drop_index("ix_name")}, &indexed, {}, &live),
              ElementsAre("require-concurrent-index-deletion"));
}

TEST(lint_history, each_revision_is_linted_against_the_replay_of_its_ancestors) {
  // a creates widgets with varchar(50); b widens it (free); c narrows it (a rewrite).
  const std::map<std::string, operations> upgrades{
      {"a",
       {op::create_table("widgets", {op::column("id", type::bigint(), {.primary_key = true}),
                                     op::column("name", type::text())})}},
      {"b", {retype("name", type::varchar())}},
      {"c", {retype("name", type::varchar(20))}}};
  const revision_graph graph({{.revision = "a"},
                              {.revision = "b", .down_revisions = {"a"}},
                              {.revision = "c", .down_revisions = {"b"}}});
  const verify::migration_code code = [&](const std::string& revision, verify::direction) {
    return upgrades.at(revision);
  };
  const auto facts = [](const std::string& revision) {
    return revision_facts{revision + ".cpp", true};
  };
  auto all = lint_history(graph, code, facts, {});
  EXPECT_EQ(all.revisions, 3u);
  std::vector<std::string> found;
  for (const auto& f : all.findings) {
    found.push_back(f.revision + " " + f.rule);
  }
  EXPECT_THAT(found, ElementsAre("c changing-column-type", "c prefer-text-field"));
  EXPECT_EQ(all.findings[0].source, "c.cpp");

  // Only the revisions asked for, still against their ancestors.
  auto just_b = lint_history(graph, code, facts, {"b"});
  EXPECT_EQ(just_b.revisions, 1u);
  EXPECT_THAT(just_b.findings, IsEmpty());
}

TEST(type_change, a_type_read_from_sql_is_read_as_postgresql_reads_it) {
  EXPECT_EQ(spelled("character varying(20)"), spelled("varchar(20)"));
  EXPECT_EQ(spelled("timestamp with time zone")->name, "timestamptz");
  EXPECT_EQ(spelled("numeric(10, 2)")->modifiers, (std::vector<std::int64_t>{10, 2}));
  EXPECT_EQ(spelled("text[]")->array_dimensions, 1u);
  EXPECT_FALSE(spelled("not a type at all ("));
}

TEST(type_change, only_documented_free_changes_avoid_a_rewrite) {
  auto rewrites = [](const char* from, const char* to) {
    return rewrites_table(*spelled(from), *spelled(to));
  };
  EXPECT_FALSE(rewrites("varbit(4)", "varbit(8)"));
  EXPECT_FALSE(rewrites("cidr", "inet"));
  EXPECT_FALSE(rewrites("time(2)", "time"));
  EXPECT_TRUE(rewrites("inet", "cidr"));
  EXPECT_TRUE(rewrites("text", "varchar(10)"));
  EXPECT_TRUE(rewrites("numeric", "numeric(10, 2)"));
  EXPECT_TRUE(rewrites("varchar(10)[]", "varchar(10)"));
  EXPECT_TRUE(rewrites("timestamp", "timestamptz"));  // free only when the session is in UTC
  EXPECT_TRUE(rewrites("char(3)", "text"));
}

}  // namespace
}  // namespace retort::lint
