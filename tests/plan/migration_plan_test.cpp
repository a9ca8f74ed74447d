#include "plan/migration_plan.hpp"

#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/graph_builder.hpp"

namespace retort::plan {
namespace {

using retort::testing::graph_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using strings = std::vector<std::string>;

migration_step up(std::string rev, strings removed, strings added) {
  return {std::move(rev), direction::upgrade, std::move(removed), std::move(added)};
}
migration_step down(std::string rev, strings removed, strings added) {
  return {std::move(rev), direction::downgrade, std::move(removed), std::move(added)};
}

template <typename F>
std::string target_error_of(F&& f) {
  try {
    f();
  } catch (const target_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected target_error";
  return {};
}

// base01 -> left01 --+
//   |                 +-> merge1 -> top001
//   +-----> right1 ---+
revision_graph diamond() {
  return graph_of({{"base01"},
                   {"left01", {"base01"}},
                   {"right1", {"base01"}},
                   {"merge1", {"left01", "right1"}},
                   {"top001", {"merge1"}}});
}

TEST(plan_upgrade, from_empty_inserts_then_updates) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THAT(plan_upgrade(g, {}, resolve_target(g, "head", {})),
              ElementsAre(up("aaaa01", {}, {"aaaa01"}), up("bbbb02", {"aaaa01"}, {"bbbb02"})));
}

TEST(plan_upgrade, through_a_branch_and_merge_follows_alembic_rows) {
  auto g = diamond();
  EXPECT_THAT(plan_upgrade(g, {}, {"top001"}),
              ElementsAre(up("base01", {}, {"base01"}), up("left01", {"base01"}, {"left01"}),
                          // the branch point already has a child applied: a new row
                          up("right1", {}, {"right1"}),
                          // a merge deletes all parents but one and updates the last
                          up("merge1", {"left01", "right1"}, {"merge1"}),
                          up("top001", {"merge1"}, {"top001"})));
}

TEST(plan_upgrade, already_at_target_is_empty) {
  auto g = diamond();
  EXPECT_TRUE(plan_upgrade(g, {"top001"}, {"top001"}).empty());
  EXPECT_TRUE(plan_upgrade(g, {"top001"}, {"left01"}).empty());
}

TEST(plan_upgrade, heads_applies_every_branch) {
  auto g = graph_of({{"base01"}, {"left01", {"base01"}}, {"right1", {"base01"}}});
  EXPECT_THAT(plan_upgrade(g, {"base01"}, resolve_target(g, "heads", {"base01"})),
              ElementsAre(up("left01", {"base01"}, {"left01"}), up("right1", {}, {"right1"})));
}

TEST(plan_upgrade, head_with_several_heads_explains_the_choices) {
  auto g = graph_of({{"base01"}, {"left01", {"base01"}}, {"right1", {"base01"}}});
  auto message = target_error_of([&] { (void)resolve_target(g, "head", {}); });
  EXPECT_THAT(message, HasSubstr("Multiple head revisions"));
  EXPECT_THAT(message, HasSubstr("left01, right1"));
  EXPECT_THAT(message, HasSubstr("heads"));
}

TEST(plan_upgrade, label_at_head_narrows_to_one_branch) {
  auto g = graph_of({{"base01"},
                     {"left01", {"base01"}, {"left"}},
                     {"left02", {"left01"}},
                     {"right1", {"base01"}}});
  EXPECT_THAT(resolve_target(g, "left@head", {}), ElementsAre("left02"));
}

TEST(plan_upgrade, dependencies_are_applied_first) {
  auto g = graph_of({{"other1"}, {"base01"}, {"child1", {"base01"}, {}, {"other1"}}});
  auto steps = plan_upgrade(g, {}, {"child1"});
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[2].revision, "child1");
}

TEST(relative_targets, plus_and_minus_walk_from_the_current_head) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}, {"cccc03", {"bbbb02"}}});
  EXPECT_THAT(resolve_target(g, "+1", {}), ElementsAre("aaaa01"));
  EXPECT_THAT(resolve_target(g, "+2", {"aaaa01"}), ElementsAre("cccc03"));
  EXPECT_THAT(resolve_target(g, "-1", {"cccc03"}), ElementsAre("bbbb02"));
  EXPECT_TRUE(resolve_target(g, "-1", {"aaaa01"}).empty());  // down to base
  EXPECT_THAT(resolve_target(g, "head-2", {}), ElementsAre("aaaa01"));
  EXPECT_THAT(resolve_target(g, "aaaa01+1", {}), ElementsAre("bbbb02"));
}

TEST(relative_targets, only_bare_steps_need_the_database) {
  EXPECT_TRUE(depends_on_current_heads("+1"));
  EXPECT_TRUE(depends_on_current_heads("-2"));
  EXPECT_FALSE(depends_on_current_heads("head-1"));
  EXPECT_FALSE(depends_on_current_heads("ae10+2"));
  EXPECT_FALSE(depends_on_current_heads("heads"));
  EXPECT_FALSE(depends_on_current_heads("ae1027a6acf0"));
}

TEST(relative_targets, walking_too_far_says_so) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "+3", {}); }),
              HasSubstr("didn't produce 3 migrations"));
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "-3", {"bbbb02"}); }),
              HasSubstr("didn't produce 3 migrations"));
}

TEST(relative_targets, walking_through_a_branch_point_is_ambiguous) {
  auto g = diamond();
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "+1", {"base01"}); }),
              HasSubstr("Ambiguous walk"));
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "-1", {"merge1"}); }),
              HasSubstr("Ambiguous walk"));
}

TEST(plan_downgrade, to_base_runs_children_first_and_unmerges) {
  auto g = diamond();
  EXPECT_THAT(plan_downgrade(g, {"top001"}, {}),
              ElementsAre(down("top001", {"top001"}, {"merge1"}),
                          down("merge1", {"merge1"}, {"left01", "right1"}),
                          down("right1", {"right1"}, {}),  // base01 still below left01
                          down("left01", {"left01"}, {"base01"}), down("base01", {"base01"}, {})));
}

TEST(plan_downgrade, one_branch_leaves_the_other_untouched) {
  auto g = graph_of({{"base01"}, {"left01", {"base01"}}, {"right1", {"base01"}}});
  EXPECT_THAT(plan_downgrade(g, {"left01", "right1"}, {"base01", "left01"}),
              ElementsAre(down("right1", {"right1"}, {})));
}

// Expected sets checked against Alembic 1.8.1's RevisionMap._collect_downgrade_revisions.
TEST(plan_downgrade, to_one_parent_of_a_merge_unmerges_and_keeps_the_other_branch) {
  auto g = diamond();
  EXPECT_THAT(plan_downgrade(g, {"merge1"}, {"left01"}),
              ElementsAre(down("merge1", {"merge1"}, {"left01", "right1"})));
  EXPECT_THAT(plan_downgrade(g, {"top001"}, {"right1"}),
              ElementsAre(down("top001", {"top001"}, {"merge1"}),
                          down("merge1", {"merge1"}, {"left01", "right1"})));
}

TEST(plan_downgrade, to_the_branch_point_removes_both_branches) {
  auto g = diamond();
  EXPECT_THAT(plan_downgrade(g, {"left01", "right1"}, {"base01"}),
              ElementsAre(down("right1", {"right1"}, {}), down("left01", {"left01"}, {"base01"})));
  EXPECT_TRUE(plan_downgrade(g, {"left01", "right1"}, {"left01"}).empty());
}

TEST(plan_downgrade, a_target_that_is_not_applied_is_refused) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THAT(target_error_of([&] { (void)plan_downgrade(g, {"aaaa01"}, {"bbbb02"}); }),
              HasSubstr("not applied"));
}

TEST(check_current_heads, unknown_revision_suggests_stamp) {
  auto g = graph_of({{"aaaa01"}});
  try {
    check_current_heads(g, {"f00dfeed"});
    FAIL();
  } catch (const graph_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("f00dfeed"));
    EXPECT_THAT(e.what(), HasSubstr("stamp"));
  }
}

TEST(check_current_heads, a_revision_and_its_ancestor_are_refused) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THROW(check_current_heads(g, {"aaaa01", "bbbb02"}), graph_error);
  EXPECT_NO_THROW(check_current_heads(g, {"bbbb02"}));
}

TEST(normalize_heads, drops_targets_below_other_targets) {
  auto g = diamond();
  EXPECT_THAT(normalize_heads(g, {"base01", "left01", "right1"}), ElementsAre("left01", "right1"));
}

}  // namespace
}  // namespace retort::plan
