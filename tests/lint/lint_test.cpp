// Each rule: a migration that triggers it, written with the DSL and as raw SQL, and the safe
// version that does not. `widgets` is an existing table: no migration here creates it.
#include "lint/lint_migration.hpp"

#include <retort/op.hpp>

#include <fstream>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "render/postgres_dialect.hpp"

namespace retort::lint {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace type = op::type;

std::vector<finding> lint(const operations& ops, bool transactional = true,
                          const settings& project = {}) {
  render::postgres_dialect dialect;
  return lint_migration({"aaaa00000001", "aaaa00000001_change.cpp", transactional, ops}, dialect,
                        project);
}

std::vector<std::string> rules_of(const operations& ops, bool transactional = true) {
  std::vector<std::string> out;
  for (const auto& f : lint(ops, transactional)) {
    out.push_back(f.rule);
  }
  return out;
}

TEST(lint, every_rule_is_documented_once_with_a_reason_and_a_fix) {
  std::set<std::string_view> ids;
  for (const auto& r : rules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.why.empty()) << r.id;
    EXPECT_FALSE(r.fix.empty()) << r.id;
  }
  EXPECT_GE(rules().size(), 20u);
}

TEST(lint, docs_lint_md_lists_every_rule) {
  std::ifstream file(RETORT_LINT_DOC);
  const std::string doc((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty()) << RETORT_LINT_DOC;
  for (const auto& r : rules()) {
    EXPECT_THAT(doc, HasSubstr(fmt::format("| `{}` | {} |", r.id, name_of(r.level)))) << r.id;
  }
}

TEST(lint, a_finding_names_revision_file_operation_statement_and_what) {
  auto findings = lint({op::create_table("gadgets", {op::column("id", type::bigint())}),
                        op::create_index("ix_widgets_name", "widgets", {"name"})});
  ASSERT_EQ(findings.size(), 1u);
  const auto& f = findings[0];
  EXPECT_EQ(f.rule, "require-concurrent-index-creation");
  EXPECT_EQ(f.level, level::error);
  EXPECT_EQ(f.revision, "aaaa00000001");
  EXPECT_EQ(f.source, "aaaa00000001_change.cpp");
  EXPECT_EQ(f.op_number, 2u);
  EXPECT_THAT(f.operation, HasSubstr("create_index"));
  EXPECT_THAT(f.statement, HasSubstr("CREATE INDEX \"ix_widgets_name\" ON \"widgets\""));
  EXPECT_EQ(f.detail, "index \"ix_widgets_name\" on existing table \"widgets\"");
}

// --- indexes -----------------------------------------------------------------------------------

TEST(lint, an_index_on_an_existing_table_needs_concurrently) {
  EXPECT_THAT(rules_of({op::create_index("ix", "widgets", {"name"})}),
              ElementsAre("require-concurrent-index-creation"));
  EXPECT_THAT(rules_of({op::execute("create unique index ix on public.widgets (lower(name))")}),
              ElementsAre("require-concurrent-index-creation"));
  EXPECT_THAT(
      rules_of({op::create_index("ix", "widgets", {"name"}, {.concurrently = true})}, false),
      IsEmpty());
  EXPECT_THAT(rules_of({op::execute("CREATE INDEX CONCURRENTLY ix ON widgets (name)")}, false),
              IsEmpty());
}

TEST(lint, a_table_created_in_the_same_migration_is_new) {
  EXPECT_THAT(
      rules_of({op::create_table("gadgets", {op::column("id", type::bigint()),
                                             op::column("name", type::text())}),
                op::create_index("ix", "gadgets", {"name"}),
                op::add_column("gadgets", op::column("n", type::bigint(), {.nullable = false})),
                op::create_check_constraint("ck", "gadgets", "n > 0")}),
      IsEmpty());
  EXPECT_THAT(rules_of({op::execute("CREATE TABLE app.gadgets (id bigint); "
                                    "CREATE INDEX ix ON app.gadgets (id)")}),
              IsEmpty());
}

TEST(lint, dropping_an_index_needs_concurrently) {
  EXPECT_THAT(rules_of({op::drop_index("ix")}), ElementsAre("require-concurrent-index-deletion"));
  EXPECT_THAT(rules_of({op::execute("DROP INDEX IF EXISTS ix")}),
              ElementsAre("require-concurrent-index-deletion"));
  EXPECT_THAT(rules_of({op::drop_index("ix", {.concurrently = true})}, false), IsEmpty());
}

TEST(lint, reindex_needs_concurrently) {
  EXPECT_THAT(rules_of({op::execute("REINDEX TABLE widgets")}),
              ElementsAre("require-concurrent-reindex"));
  EXPECT_THAT(rules_of({op::execute("REINDEX TABLE CONCURRENTLY widgets")}, false), IsEmpty());
}

// --- columns -----------------------------------------------------------------------------------

TEST(lint, a_not_null_column_without_a_default_on_an_existing_table) {
  EXPECT_THAT(
      rules_of({op::add_column("widgets", op::column("n", type::bigint(), {.nullable = false}))}),
      ElementsAre("adding-not-nullable-field"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD COLUMN n bigint NOT NULL")}),
              ElementsAre("adding-not-nullable-field"));
  // A constant default fills existing rows without a rewrite (PostgreSQL 11 and later).
  EXPECT_THAT(
      rules_of({op::add_column(
          "widgets", op::column("n", type::bigint(), {.nullable = false, .server_default = "0"}))}),
      IsEmpty());
  EXPECT_THAT(rules_of({op::add_column("widgets", op::column("n", type::bigint()))}), IsEmpty());
}

TEST(lint, a_volatile_default_rewrites_the_table) {
  EXPECT_THAT(
      rules_of({op::add_column(
          "widgets", op::column("token", type::uuid(), {.server_default = "gen_random_uuid()"}))}),
      ElementsAre("adding-field-with-default"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD COLUMN r float8 DEFAULT "
                                    "random() * 10")}),
              ElementsAre("adding-field-with-default"));
  EXPECT_THAT(rules_of({op::add_column("widgets", op::column("seen", type::timestamp_tz(),
                                                             {.server_default = "now()"}))}),
              IsEmpty());
}

TEST(lint, set_not_null_on_an_existing_column) {
  EXPECT_THAT(rules_of({op::alter_column("widgets", "name", {.nullable = false})}),
              ElementsAre("setting-not-null"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ALTER COLUMN name SET NOT NULL")}),
              ElementsAre("setting-not-null"));
  EXPECT_THAT(rules_of({op::alter_column("widgets", "name", {.nullable = true})}), IsEmpty());
}

TEST(lint, changing_a_column_type) {
  EXPECT_THAT(rules_of({op::alter_column("widgets", "n", {.type = type::bigint()})}),
              ElementsAre("changing-column-type"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ALTER n TYPE bigint USING n::bigint")}),
              ElementsAre("changing-column-type"));
}

TEST(lint, renaming_a_column_or_a_table) {
  EXPECT_THAT(rules_of({op::alter_column("widgets", "name", {.new_name = "title"})}),
              ElementsAre("renaming-column"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets RENAME COLUMN name TO title")}),
              ElementsAre("renaming-column"));
  EXPECT_THAT(rules_of({op::rename_table("widgets", "gizmos")}), ElementsAre("renaming-table"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets RENAME TO gizmos")}),
              ElementsAre("renaming-table"));
}

TEST(lint, dropping_a_column_a_table_or_a_schema) {
  EXPECT_THAT(rules_of({op::drop_column("widgets", "name")}), ElementsAre("ban-drop-column"));
  EXPECT_THAT(rules_of({op::drop_table("widgets")}), ElementsAre("ban-drop-table"));
  // Two existing tables in one statement: both locked in one transaction, too.
  EXPECT_THAT(rules_of({op::execute("DROP TABLE IF EXISTS widgets, gadgets CASCADE")}),
              ElementsAre("ban-drop-table", "ban-drop-table", "multiple-lock-taking-statements"));
  EXPECT_THAT(rules_of({op::drop_schema("archive")}), ElementsAre("ban-drop-schema"));
  // What the same migration created may go again.
  EXPECT_THAT(rules_of({op::create_table("scratch", {op::column("id", type::bigint())}),
                        op::drop_table("scratch")}),
              IsEmpty());
}

// --- constraints -------------------------------------------------------------------------------

TEST(lint, check_and_foreign_key_constraints_need_not_valid) {
  EXPECT_THAT(rules_of({op::create_check_constraint("ck_n", "widgets", "n > 0")}),
              ElementsAre("constraint-missing-not-valid"));
  EXPECT_THAT(rules_of({op::create_foreign_key("fk", "widgets", "owners", {"owner_id"}, {"id"})}),
              ElementsAre("constraint-missing-not-valid"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD CONSTRAINT fk FOREIGN KEY "
                                    "(owner_id) REFERENCES owners (id)")}),
              ElementsAre("constraint-missing-not-valid"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD CONSTRAINT ck CHECK (n > 0) NOT "
                                    "VALID"),
                        op::execute("ALTER TABLE widgets VALIDATE CONSTRAINT ck")}),
              IsEmpty());
}

TEST(lint, a_primary_key_or_unique_constraint_builds_its_index_under_lock) {
  EXPECT_THAT(rules_of({op::create_unique_constraint("uq", "widgets", {"name"})}),
              ElementsAre("adding-primary-key-constraint"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD PRIMARY KEY (id)")}),
              ElementsAre("adding-primary-key-constraint"));
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD CONSTRAINT pk PRIMARY KEY USING "
                                    "INDEX ix_widgets_id")}),
              IsEmpty());
}

// --- types -------------------------------------------------------------------------------------

TEST(lint, column_types_that_fit_worse_than_another) {
  EXPECT_THAT(rules_of({op::create_table(
                  "gadgets", {op::column("id", type::serial(), {.primary_key = true})})}),
              ElementsAre("prefer-identity", "prefer-bigint-over-int"));
  EXPECT_THAT(
      rules_of({op::create_table(
          "gadgets", {op::column("id", type::bigint(),
                                 {.identity = op::identity_kind::always, .primary_key = true})})}),
      IsEmpty());
  EXPECT_THAT(rules_of({op::create_table(
                  "gadgets", {op::column("id", type::integer(), {.primary_key = true})})}),
              ElementsAre("prefer-bigint-over-int"));
  EXPECT_THAT(rules_of({op::create_table("gadgets", {op::column("name", type::varchar(40)),
                                                     op::column("code", type::character(3)),
                                                     op::column("at", type::timestamp())})}),
              ElementsAre("prefer-text-field", "ban-char-field", "prefer-timestamptz"));
  EXPECT_THAT(rules_of({op::execute("CREATE TABLE gadgets (id int PRIMARY KEY, name "
                                    "varchar(40), at timestamp)")}),
              ElementsAre("prefer-bigint-over-int", "prefer-text-field", "prefer-timestamptz"));
  EXPECT_THAT(rules_of({op::create_table("gadgets", {op::column("name", type::text()),
                                                     op::column("at", type::timestamp_tz())})}),
              IsEmpty());
}

// --- statements that lock for long, and transactions -------------------------------------------

TEST(lint, table_rewrites_and_transaction_control) {
  EXPECT_THAT(rules_of({op::execute("VACUUM FULL widgets")}, false),
              ElementsAre("ban-vacuum-full"));
  EXPECT_THAT(rules_of({op::execute("VACUUM (ANALYZE) widgets")}, false), IsEmpty());
  EXPECT_THAT(rules_of({op::execute("CLUSTER widgets USING ix")}), ElementsAre("ban-cluster"));
  EXPECT_THAT(rules_of({op::execute("UPDATE widgets SET n = 1; COMMIT")}),
              ElementsAre("transaction-nesting"));
  EXPECT_THAT(rules_of({op::execute("COMMIT")}, false), IsEmpty());
}

TEST(lint, strong_locks_on_several_existing_tables_in_one_transaction) {
  auto findings = lint({op::alter_column("widgets", "name", {.server_default = "''"}),
                        op::alter_column("gadgets", "name", {.server_default = "''"})});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "multiple-lock-taking-statements");
  EXPECT_EQ(findings[0].op_number, 2u);
  EXPECT_THAT(findings[0].detail, HasSubstr("\"widgets\" (operation 1) and \"gadgets\""));
  // One table, or a migration outside a transaction, holds nothing across tables.
  EXPECT_THAT(rules_of({op::alter_column("widgets", "a", {.server_default = "''"}),
                        op::alter_column("widgets", "b", {.server_default = "''"})}),
              IsEmpty());
  EXPECT_THAT(rules_of({op::alter_column("widgets", "name", {.server_default = "''"}),
                        op::alter_column("gadgets", "name", {.server_default = "''"})},
                       false),
              IsEmpty());
}

// --- waivers -----------------------------------------------------------------------------------

TEST(lint, a_waiver_next_to_the_operation_silences_its_rule_there_only) {
  EXPECT_THAT(rules_of({op::waive("require-concurrent-index-creation",
                                  "the table is empty in every environment"),
                        op::create_index("ix_a", "widgets", {"a"}),
                        op::create_index("ix_b", "widgets", {"b"})}),
              ElementsAre("require-concurrent-index-creation"));
  // Raw SQL is waived the same way.
  EXPECT_THAT(rules_of({op::waive("ban-drop-table", "replaced by gizmos two releases ago"),
                        op::execute("DROP TABLE widgets")}),
              IsEmpty());
}

TEST(lint, a_whole_migration_waiver_covers_every_operation) {
  EXPECT_THAT(rules_of({op::waive_all("require-concurrent-index-creation",
                                      "a maintenance window: the application is stopped"),
                        op::create_index("ix_a", "widgets", {"a"}),
                        op::create_index("ix_b", "widgets", {"b"})}),
              IsEmpty());
}

TEST(lint, an_unused_waiver_is_itself_a_finding) {
  auto findings = lint({op::waive("require-concurrent-index-creation", "copied from elsewhere"),
                        op::create_index("ix", "widgets", {"a"}, {.concurrently = true}),
                        op::waive_all("no-such-rule", "a typo")},
                       false);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].rule, "unused-waiver");
  EXPECT_EQ(findings[0].op_number, 1u);
  EXPECT_EQ(findings[0].level, level::warning);
  EXPECT_EQ(findings[0].detail,
            "the operation after it does not break \"require-concurrent-index-creation\"");
  EXPECT_EQ(findings[1].op_number, 3u);
  EXPECT_EQ(findings[1].detail, "it waives \"no-such-rule\", which is no rule of retort lint");
}

TEST(lint, a_waiver_covers_a_rule_the_project_turned_off_without_being_unused) {
  EXPECT_THAT(lint({op::waive("ban-drop-column", "unused since release 12"),
                    op::drop_column("widgets", "legacy")},
                   true, {.levels = {{"ban-drop-column", level::off}}}),
              IsEmpty());
}

// --- the project's levels ----------------------------------------------------------------------

TEST(lint, the_project_sets_a_rules_level_or_turns_it_off) {
  const operations ops{op::drop_column("widgets", "name"),
                       op::create_index("ix", "widgets", {"n"})};
  auto defaults = lint(ops);
  ASSERT_EQ(defaults.size(), 2u);
  EXPECT_EQ(defaults[0].level, level::warning);
  EXPECT_EQ(defaults[1].level, level::error);

  auto chosen = lint(ops, true,
                     {.levels = {{"ban-drop-column", level::error},
                                 {"require-concurrent-index-creation", level::off}}});
  ASSERT_EQ(chosen.size(), 1u);
  EXPECT_EQ(chosen[0].rule, "ban-drop-column");
  EXPECT_EQ(chosen[0].level, level::error);
}

TEST(lint, sql_postgresql_would_refuse_is_left_to_verify) {
  EXPECT_THAT(rules_of({op::execute("ALTER TABLE widgets ADD COLUMN")}), IsEmpty());
}

}  // namespace
}  // namespace retort::lint
