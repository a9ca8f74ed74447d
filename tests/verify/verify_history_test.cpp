// A whole history replayed in graph order: each revision on the schema its ancestors leave,
// its downgrade() checked against the schema its upgrade() started from. No database.
#include <retort/graph.hpp>
#include <retort/op.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verify/verify_history.hpp"

namespace retort::verify {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace type = op::type;

struct migration {
  std::string id;
  std::vector<std::string> down{};
  operations upgrade{};
  operations downgrade{};
  std::vector<std::string> depends_on{};
};

report verify(const std::vector<migration>& history) {
  std::vector<revision_info> infos;
  std::map<std::string, const migration*> by_id;
  for (const auto& m : history) {
    infos.push_back({.revision = m.id,
                     .down_revisions = m.down,
                     .depends_on = m.depends_on,
                     .source = m.id + ".cpp"});
    by_id[m.id] = &m;
  }
  revision_graph graph(std::move(infos));
  return verify_history(graph, [&](const std::string& revision, direction dir) {
    const auto* m = by_id.at(revision);
    return dir == direction::upgrade ? m->upgrade : m->downgrade;
  });
}

// `revision:phase#op name: message`, warnings marked.
std::vector<std::string> lines(const report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    const char* in = f.phase == phase::upgrade     ? "upgrade"
                     : f.phase == phase::downgrade ? "downgrade"
                                                   : "restore";
    out.push_back((f.severity == severity::warning ? "warning " : "") + f.revision + ":" + in +
                  "#" + std::to_string(f.op_number) + " " + f.op_name + ": " + f.message +
                  (f.merging_into.empty() ? "" : " [merging into " + f.merging_into + "]"));
  }
  return out;
}

ops::create_table table_t() {
  return op::create_table("t", {op::column("id", type::bigint(), {.primary_key = true})});
}

TEST(verify_history, a_sound_history_has_no_findings) {
  auto r =
      verify({{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
              {.id = "a00000000002",
               .down = {"a00000000001"},
               .upgrade = {op::add_column("t", op::column("x", type::text())),
                           op::create_index("ix_t_x", "t", {"x"})},
               .downgrade = {op::drop_index("ix_t_x"), op::drop_column("t", "x")}}});
  EXPECT_THAT(lines(r), IsEmpty());
  EXPECT_EQ(r.revisions, 2U);
  EXPECT_EQ(r.errors(), 0U);
}

TEST(verify_history, an_operation_on_a_missing_object_names_revision_file_and_operation) {
  auto r =
      verify({{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
              {.id = "a00000000002",
               .down = {"a00000000001"},
               .upgrade = {op::add_column("t", op::column("x", type::text())),
                           op::create_index("ix_t_y", "t", {"y"})},
               .downgrade = {op::drop_index("ix_t_y"), op::drop_column("t", "x")}}});
  EXPECT_THAT(lines(r),
              ElementsAre("a00000000002:upgrade#2 create_index: column t.y does not exist"));
  ASSERT_EQ(r.findings.size(), 1U);
  EXPECT_EQ(r.findings[0].source, "a00000000002.cpp");
  EXPECT_EQ(r.errors(), 1U);
}

TEST(verify_history, a_downgrade_that_does_not_restore_the_parent_schema_is_an_error) {
  auto r =
      verify({{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
              {.id = "a00000000002",
               .down = {"a00000000001"},
               .upgrade = {op::add_column("t", op::column("x", type::text())),
                           op::create_index("ix_t_x", "t", {"x"})},
               .downgrade = {op::drop_index("ix_t_x")}}});
  EXPECT_THAT(lines(r), ElementsAre("a00000000002:restore#0 : downgrade() does not restore the "
                                    "schema upgrade() started from"));
  ASSERT_EQ(r.findings.size(), 1U);
  ASSERT_TRUE(r.findings[0].expected && r.findings[0].actual);
  EXPECT_EQ(r.findings[0].expected->tables.at(0).columns.size(), 1U);
  EXPECT_EQ(r.findings[0].actual->tables.at(0).columns.size(), 2U) << "x is still there";
}

TEST(verify_history, a_downgrade_that_drops_a_missing_object_is_an_error_of_the_downgrade) {
  auto r =
      verify({{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
              {.id = "a00000000002",
               .down = {"a00000000001"},
               .upgrade = {op::create_index("ix_t_id", "t", {"id"})},
               .downgrade = {op::drop_index("ix_t_idd")}}});
  EXPECT_THAT(lines(r),
              ElementsAre("a00000000002:downgrade#1 drop_index: index ix_t_idd does not exist"));
}

TEST(verify_history, raw_sql_makes_an_unrestored_schema_a_warning) {
  auto r =
      verify({{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
              {.id = "a00000000002",
               .down = {"a00000000001"},
               .upgrade = {op::add_column("t", op::column("x", type::text())),
                           op::execute("UPDATE t SET x = 'a'")},
               .downgrade = {op::execute("ALTER TABLE t DROP COLUMN x")}}});
  ASSERT_EQ(r.findings.size(), 1U);
  EXPECT_EQ(r.findings[0].severity, severity::warning);
  EXPECT_EQ(r.findings[0].phase, phase::restore);
  EXPECT_THAT(r.findings[0].message, HasSubstr("raw SQL"));
  EXPECT_EQ(r.errors(), 0U);
  EXPECT_EQ(r.warnings(), 1U);
}

TEST(verify_history, a_throwing_upgrade_is_one_finding_and_its_downgrade_is_not_checked) {
  std::vector<revision_info> infos = {{.revision = "a00000000001", .source = "a.cpp"}};
  revision_graph graph(std::move(infos));
  auto r = verify_history(graph, [](const std::string&, direction dir) -> operations {
    if (dir == direction::upgrade) {
      throw std::runtime_error("feed unreachable");
    }
    return {op::drop_table("t")};
  });
  EXPECT_THAT(lines(r), ElementsAre("a00000000001:upgrade#0 : upgrade() failed: feed unreachable"));
}

TEST(verify_history, throwing_migration_code_is_an_error_finding) {
  std::vector<revision_info> infos = {{.revision = "a00000000001", .source = "a.cpp"}};
  revision_graph graph(std::move(infos));
  auto r = verify_history(graph, [](const std::string&, direction dir) -> operations {
    if (dir == direction::downgrade) {
      throw std::runtime_error("not written yet");
    }
    return {table_t()};
  });
  EXPECT_THAT(lines(r),
              ElementsAre("a00000000001:downgrade#0 : downgrade() failed: not written yet"));
}

// Two branches from a root, then a merge whose first parent is the right branch: the left one is
// replayed onto it. The merge starts from both branches' changes, and a
// revision above it can use what either branch made.
std::vector<migration> branches_and_merge(operations left_upgrade) {
  return {{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
          {.id = "b00000000002",
           .down = {"a00000000001"},
           .upgrade = std::move(left_upgrade),
           .downgrade = {op::drop_column("t", "left_col")}},
          {.id = "c00000000003",
           .down = {"a00000000001"},
           .upgrade = {op::add_column("t", op::column("right_col", type::text()))},
           .downgrade = {op::drop_column("t", "right_col")}},
          {.id = "d00000000004", .down = {"c00000000003", "b00000000002"}},
          {.id = "e00000000005",
           .down = {"d00000000004"},
           .upgrade = {op::create_index("ix_both", "t", {"left_col", "right_col"})},
           .downgrade = {op::drop_index("ix_both")}}};
}

TEST(verify_history, a_merge_starts_from_every_branch_it_merges) {
  auto r = verify(branches_and_merge({op::add_column("t", op::column("left_col", type::text()))}));
  EXPECT_THAT(lines(r), IsEmpty());
  EXPECT_EQ(r.revisions, 5U);
}

TEST(verify_history, branches_that_clash_are_found_at_their_merge_once) {
  // Both branches add right_col: each is sound alone, together they clash.
  auto r = verify(branches_and_merge({op::add_column("t", op::column("left_col", type::text())),
                                      op::add_column("t", op::column("right_col", type::text()))}));
  // The left branch's own downgrade forgets right_col: reported for it, not again at the merge.
  EXPECT_THAT(lines(r),
              ElementsAre("b00000000002:restore#0 : downgrade() does not restore the schema "
                          "upgrade() started from",
                          "b00000000002:upgrade#2 add_column: column t.right_col already exists "
                          "[merging into d00000000004]"));
}

TEST(verify_history, a_finding_of_a_branch_is_not_repeated_by_the_merge) {
  auto r = verify(branches_and_merge({op::add_column("nope", op::column("x", type::text())),
                                      op::add_column("t", op::column("left_col", type::text()))}));
  EXPECT_THAT(lines(r),
              ElementsAre("b00000000002:upgrade#1 add_column: table nope does not exist"));
}

TEST(verify_history, a_dependency_is_applied_before_its_dependent) {
  auto r =
      verify({{.id = "a00000000001", .upgrade = {table_t()}, .downgrade = {op::drop_table("t")}},
              {.id = "f00000000001",
               .upgrade = {op::create_table("u", {op::column("t_id", type::bigint())})},
               .downgrade = {op::drop_table("u")}},
              {.id = "f00000000002",
               .down = {"f00000000001"},
               .upgrade = {op::create_foreign_key("fk_u_t", "u", "t", {"t_id"}, {"id"})},
               .downgrade = {op::drop_constraint("fk_u_t", "u")},
               .depends_on = {"a00000000001"}}});
  EXPECT_THAT(lines(r), IsEmpty());
}

TEST(verify_history, a_long_history_with_branches_is_replayed_in_order) {
  // 600 revisions in 3 parallel lines merged every 50: each line adds columns to its own table.
  std::vector<migration> history;
  history.push_back(
      {.id = "000000000000",
       .upgrade = {op::create_table("l0", {op::column("c0", type::text())}),
                   op::create_table("l1", {op::column("c0", type::text())}),
                   op::create_table("l2", {op::column("c0", type::text())})},
       .downgrade = {op::drop_table("l2"), op::drop_table("l1"), op::drop_table("l0")}});
  std::string merge = "000000000000";
  int next = 1;
  auto id = [](int n) {
    auto text = std::to_string(n);
    return std::string(12 - text.size(), '0') + text;
  };
  for (int round = 0; round < 4; ++round) {
    std::vector<std::string> tips;
    for (int line = 0; line < 3; ++line) {
      std::string parent = merge;
      for (int k = 0; k < 50; ++k) {
        auto table = "l" + std::to_string(line);
        auto column = "c" + std::to_string(next);
        history.push_back({.id = id(next),
                           .down = {parent},
                           .upgrade = {op::add_column(table, op::column(column, type::text()))},
                           .downgrade = {op::drop_column(table, column)}});
        parent = id(next++);
      }
      tips.push_back(parent);
    }
    history.push_back({.id = id(next), .down = tips});
    merge = id(next++);
  }
  auto r = verify(history);
  EXPECT_THAT(lines(r), IsEmpty());
  EXPECT_EQ(r.revisions, history.size());
}

}  // namespace
}  // namespace retort::verify
