// Plans on hand-built graphs, with exact orders and version-table rows. Every expectation was
// checked against Alembic 1.8.1 (tests/graph/alembic_oracle.py) unless the test says retort
// departs from it on purpose.
#include "plan/migration_plan.hpp"

#include <retort/errors.hpp>

#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/graph_builder.hpp"

namespace retort::plan {

void PrintTo(const migration_step& s, std::ostream* os) {
  *os << fmt::format("{}({}, removes [{}], adds [{}]{})",
                     s.dir == direction::upgrade ? "up" : "down", s.revision,
                     fmt::join(s.heads_removed, ", "), fmt::join(s.heads_added, ", "),
                     s.resume_after.empty() ? "" : ", resumes after " + s.resume_after);
}

void PrintTo(const stamp_change& c, std::ostream* os) {
  *os << fmt::format("stamp(removes [{}], adds [{}])", fmt::join(c.heads_removed, ", "),
                     fmt::join(c.heads_added, ", "));
}

namespace {

using retort::testing::graph_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
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

strings order_of(const std::vector<migration_step>& steps) {
  strings out;
  for (const auto& s : steps) {
    out.push_back(s.revision);
  }
  return out;
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

// trunk: base01; left: left01 -> left02; right: right1 -> right2.
revision_graph fork() {
  return graph_of({{"base01", {}, {"trunk"}},
                   {"left01", {"base01"}, {"left"}},
                   {"left02", {"left01"}},
                   {"right1", {"base01"}, {"right"}},
                   {"right2", {"right1"}}});
}

// The integration tests' bundle: two lineages, labels, a merge, and a dependency across.
revision_graph bundle() {
  return graph_of(testing::integration_bundle());
}

// --- upgrade ---------------------------------------------------------------------------------

TEST(plan_upgrade, from_empty_inserts_then_updates) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THAT(plan_upgrade_to(g, {}, "head"),
              ElementsAre(up("aaaa01", {}, {"aaaa01"}), up("bbbb02", {"aaaa01"}, {"bbbb02"})));
}

// Alembic walks down from the targets, finishing one branch before the next, and runs the walk
// backwards: between independent branches the branch found last in discovery order runs first.
TEST(plan_upgrade, through_a_branch_and_merge_follows_alembic_order_and_rows) {
  auto g = diamond();
  EXPECT_THAT(plan_upgrade(g, {}, {"top001"}),
              ElementsAre(up("base01", {}, {"base01"}), up("right1", {"base01"}, {"right1"}),
                          // the branch point already has a child applied: a new row
                          up("left01", {}, {"left01"}),
                          // a merge deletes all parents but one and updates the last
                          up("merge1", {"left01", "right1"}, {"merge1"}),
                          up("top001", {"merge1"}, {"top001"})));
}

// The tie-break is the discovery order of the heads the walk starts from: the branch whose head
// is found first is walked first, so it is applied last.
TEST(plan_upgrade, discovery_order_of_the_heads_breaks_ties_as_in_alembic) {
  auto g = graph_of({{"base01"},
                     {"aaaa01", {"base01"}},
                     {"zzzz01", {"base01"}},
                     {"zzzz02", {"zzzz01"}},
                     {"aaaa02", {"aaaa01"}}});
  EXPECT_THAT(order_of(plan_upgrade_to(g, {}, "heads")),
              ElementsAre("base01", "aaaa01", "aaaa02", "zzzz01", "zzzz02"));
  auto reordered = graph_of({{"base01"},
                             {"zzzz01", {"base01"}},
                             {"aaaa01", {"base01"}},
                             {"aaaa02", {"aaaa01"}},
                             {"zzzz02", {"zzzz01"}}});
  EXPECT_THAT(order_of(plan_upgrade_to(reordered, {}, "heads")),
              ElementsAre("base01", "zzzz01", "zzzz02", "aaaa01", "aaaa02"));
}

TEST(plan_upgrade, the_bundle_to_heads_matches_alembic_step_by_step) {
  auto g = bundle();
  EXPECT_THAT(plan_upgrade_to(g, {}, "heads"),
              ElementsAre(up("c1000000000a", {}, {"c1000000000a"}),
                          up("c2000000000a", {"c1000000000a"}, {"c2000000000a"}),
                          up("c4000000000b", {"c2000000000a"}, {"c4000000000b"}),
                          up("c5000000000b", {"c4000000000b"}, {"c5000000000b"}),
                          up("c3000000000a", {}, {"c3000000000a"}),
                          up("c6000000000c", {"c3000000000a", "c5000000000b"}, {"c6000000000c"}),
                          up("c8000000000c", {"c6000000000c"}, {"c8000000000c"}),
                          up("r1000000000r", {}, {"r1000000000r"}),
                          // r2 depends on c4, which is not a row (c5 stands on it): r1's row moves
                          up("r2000000000r", {"r1000000000r"}, {"r2000000000r"}),
                          up("r3000000000r", {"r2000000000r", "c8000000000c"}, {"r3000000000r"}),
                          up("c7000000000c", {}, {"c7000000000c"})));
}

TEST(plan_upgrade, a_dependency_that_is_a_row_merges_into_its_dependent) {
  auto g = graph_of({{"auth01", {}, {"auth"}},
                     {"auth02", {"auth01"}},
                     {"shop01", {}, {"shop"}},
                     {"shop02", {"shop01"}, {}, {"auth"}},
                     {"shop03", {"shop02"}, {}, {"auth02"}}});
  EXPECT_THAT(plan_upgrade_to(g, {"auth02"}, "shop@head"),
              ElementsAre(up("shop01", {}, {"shop01"}),
                          up("shop02", {"shop01"}, {"shop02"}),  // auth01 is below auth02
                          up("shop03", {"shop02", "auth02"}, {"shop03"})));
}

TEST(plan_upgrade, already_at_target_is_empty) {
  auto g = diamond();
  EXPECT_TRUE(plan_upgrade(g, {"top001"}, {"top001"}).empty());
  EXPECT_TRUE(plan_upgrade(g, {"top001"}, {"left01"}).empty());
  EXPECT_TRUE(plan_upgrade_to(g, {"top001"}, "head").empty());
}

TEST(plan_upgrade, heads_applies_every_branch) {
  auto g = graph_of({{"base01"}, {"left01", {"base01"}}, {"right1", {"base01"}}});
  EXPECT_THAT(plan_upgrade_to(g, {"base01"}, "heads"),
              ElementsAre(up("right1", {"base01"}, {"right1"}), up("left01", {}, {"left01"})));
}

TEST(plan_upgrade, from_one_branch_to_a_merge_applies_the_other_branch) {
  auto g = diamond();
  EXPECT_THAT(
      plan_upgrade_to(g, {"right1"}, "top001"),
      ElementsAre(up("left01", {}, {"left01"}), up("merge1", {"left01", "right1"}, {"merge1"}),
                  up("top001", {"merge1"}, {"top001"})));
}

TEST(plan_upgrade, head_with_several_heads_explains_the_choices) {
  auto g = graph_of({{"base01"}, {"left01", {"base01"}}, {"right1", {"base01"}}});
  auto message = target_error_of([&] { (void)plan_upgrade_to(g, {}, "head"); });
  EXPECT_THAT(message, HasSubstr("Multiple head revisions"));
  EXPECT_THAT(message, HasSubstr("'<branchname>@head'"));
  EXPECT_THAT(message, HasSubstr("left01, right1"));
  EXPECT_THAT(message, HasSubstr("'heads'"));
}

TEST(plan_upgrade, label_at_head_narrows_to_one_branch) {
  auto g = fork();
  EXPECT_THAT(resolve_target(g, "left@head", {}), ElementsAre("left02"));
  EXPECT_THAT(plan_upgrade_to(g, {}, "left@head"),
              ElementsAre(up("base01", {}, {"base01"}), up("left01", {"base01"}, {"left01"}),
                          up("left02", {"left01"}, {"left02"})));
}

TEST(plan_upgrade, a_label_above_a_branch_point_still_has_several_heads) {
  auto g = fork();
  EXPECT_THAT(target_error_of([&] { (void)plan_upgrade_to(g, {}, "trunk@head"); }),
              HasSubstr("'trunk@head'"));
  EXPECT_THAT(resolve_target(g, "trunk@heads", {}), ElementsAre("left02", "right2"));
}

TEST(plan_upgrade, dependencies_are_applied_first) {
  auto g = graph_of({{"other1"}, {"base01"}, {"child1", {"base01"}, {}, {"other1"}}});
  EXPECT_THAT(plan_upgrade(g, {}, {"child1"}),
              ElementsAre(up("other1", {}, {"other1"}), up("base01", {}, {"base01"}),
                          up("child1", {"base01", "other1"}, {"child1"})));
}

TEST(plan_upgrade, label_at_plus_n_walks_up_that_branch_from_the_database) {
  auto g = graph_of({{"base01", {}, {"core"}},
                     {"main01", {"base01"}},
                     {"feat01", {"main01"}, {"feature"}},
                     {"feat02", {"feat01"}},
                     {"main02", {"main01"}},
                     {"main03", {"main02"}, {"mainline"}}});
  EXPECT_THAT(order_of(plan_upgrade_to(g, {"main01"}, "feature@+1")), ElementsAre("feat01"));
  EXPECT_THAT(order_of(plan_upgrade_to(g, {"main01"}, "mainline@+2")),
              ElementsAre("main02", "main03"));
  EXPECT_THAT(target_error_of([&] { (void)plan_upgrade_to(g, {"main01"}, "+1"); }),
              HasSubstr("Ambiguous walk"));
}

TEST(plan_upgrade, plus_n_from_several_rows_is_ambiguous) {
  auto g = graph_of({{"b1base"}, {"b1ch01", {"b1base"}}, {"b2base"}, {"b2ch01", {"b2base"}}});
  EXPECT_THAT(target_error_of([&] {
                (void)plan_upgrade_to(g, {"b1base", "b2base"}, "+1");
              }),
              HasSubstr("Ambiguous upgrade from multiple current revisions"));
}

// --- relative targets ------------------------------------------------------------------------

TEST(relative_targets, plus_and_minus_walk_from_the_current_head) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}, {"cccc03", {"bbbb02"}}});
  EXPECT_THAT(resolve_target(g, "+1", {}), ElementsAre("aaaa01"));
  EXPECT_THAT(resolve_target(g, "+2", {"aaaa01"}), ElementsAre("cccc03"));
  EXPECT_THAT(resolve_target(g, "-1", {"cccc03"}), ElementsAre("bbbb02"));
  EXPECT_TRUE(resolve_target(g, "-1", {"aaaa01"}).empty());  // down to base
  EXPECT_THAT(resolve_target(g, "head-2", {}), ElementsAre("aaaa01"));
  EXPECT_THAT(resolve_target(g, "aaaa01+1", {}), ElementsAre("bbbb02"));
}

TEST(relative_targets, only_steps_from_the_database_need_it) {
  EXPECT_TRUE(depends_on_current_heads("+1"));
  EXPECT_TRUE(depends_on_current_heads("-2"));
  EXPECT_TRUE(depends_on_current_heads("feature@+1"));
  EXPECT_TRUE(depends_on_current_heads("feature@-1"));
  EXPECT_FALSE(depends_on_current_heads("head-1"));
  EXPECT_FALSE(depends_on_current_heads("ae10+2"));
  EXPECT_FALSE(depends_on_current_heads("feature@ae10+2"));
  EXPECT_FALSE(depends_on_current_heads("heads"));
  EXPECT_FALSE(depends_on_current_heads("ae1027a6acf0"));
}

TEST(relative_targets, walking_too_far_says_so) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "+3", {}); }),
              HasSubstr("didn't produce 3 migrations"));
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "-3", {"bbbb02"}); }),
              HasSubstr("didn't produce 3 migrations"));
  EXPECT_THAT(target_error_of([&] { (void)plan_downgrade_to(g, {"bbbb02"}, "aaaa01-2"); }),
              HasSubstr("Walked too far"));
}

TEST(relative_targets, walking_through_a_branch_or_merge_point_is_ambiguous) {
  auto g = diamond();
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "+1", {"base01"}); }),
              HasSubstr("Ambiguous walk"));
  EXPECT_THAT(target_error_of([&] { (void)resolve_target(g, "-1", {"merge1"}); }),
              HasSubstr("Ambiguous walk"));
  EXPECT_THAT(target_error_of([&] { (void)plan_upgrade_to(g, {}, "base01+1"); }),
              HasSubstr("branch point at base01"));
  EXPECT_THAT(target_error_of([&] { (void)plan_downgrade_to(g, {"top001"}, "merge1-1"); }),
              HasSubstr("merge point at merge1"));
}

TEST(relative_targets, a_walk_may_pass_a_merge_going_up) {
  auto g = diamond();
  EXPECT_THAT(
      plan_upgrade_to(g, {"left01"}, "+2"),
      ElementsAre(up("right1", {}, {"right1"}), up("merge1", {"left01", "right1"}, {"merge1"}),
                  up("top001", {"merge1"}, {"top001"})));
}

TEST(relative_targets, upgrade_refuses_a_step_down_and_downgrade_a_step_up) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  EXPECT_THAT(target_error_of([&] { (void)plan_upgrade_to(g, {"bbbb02"}, "-1"); }),
              HasSubstr("didn't produce 1 migrations"));
  EXPECT_THAT(target_error_of([&] { (void)plan_downgrade_to(g, {"aaaa01"}, "+1"); }),
              HasSubstr("downgrade goes down"));
}

TEST(relative_targets, trailing_text_after_a_step_is_refused) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  // Alembic ignores "x" and walks; retort refuses a target it does not fully understand.
  EXPECT_THAT(target_error_of([&] { (void)plan_upgrade_to(g, {}, "aaaa01+1x"); }),
              HasSubstr("not understood"));
}

// --- downgrade -------------------------------------------------------------------------------

TEST(plan_downgrade, to_base_runs_children_first_and_unmerges) {
  auto g = diamond();
  EXPECT_THAT(plan_downgrade(g, {"top001"}, {}),
              ElementsAre(down("top001", {"top001"}, {"merge1"}),
                          down("merge1", {"merge1"}, {"left01", "right1"}),
                          down("left01", {"left01"}, {}),  // base01 still below right1
                          down("right1", {"right1"}, {"base01"}), down("base01", {"base01"}, {})));
}

TEST(plan_downgrade, one_branch_leaves_the_other_untouched) {
  auto g = graph_of({{"base01"}, {"left01", {"base01"}}, {"right1", {"base01"}}});
  EXPECT_THAT(plan_downgrade(g, {"left01", "right1"}, {"base01", "left01"}),
              ElementsAre(down("right1", {"right1"}, {})));
}

TEST(plan_downgrade, to_one_parent_of_a_merge_unmerges_and_keeps_the_other_branch) {
  auto g = diamond();
  EXPECT_THAT(plan_downgrade_to(g, {"merge1"}, "left01"),
              ElementsAre(down("merge1", {"merge1"}, {"left01", "right1"})));
  EXPECT_THAT(plan_downgrade_to(g, {"top001"}, "right1"),
              ElementsAre(down("top001", {"top001"}, {"merge1"}),
                          down("merge1", {"merge1"}, {"left01", "right1"})));
}

TEST(plan_downgrade, to_the_branch_point_removes_both_branches) {
  auto g = diamond();
  EXPECT_THAT(plan_downgrade_to(g, {"left01", "right1"}, "base01"),
              ElementsAre(down("left01", {"left01"}, {}), down("right1", {"right1"}, {"base01"})));
  EXPECT_TRUE(plan_downgrade_to(g, {"left01", "right1"}, "left01").empty());
}

TEST(plan_downgrade, a_target_that_is_not_applied_is_refused) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}});
  auto message = target_error_of([&] { (void)plan_downgrade(g, {"aaaa01"}, {"bbbb02"}); });
  EXPECT_THAT(message, HasSubstr("not a valid downgrade target"));
  EXPECT_THAT(message, HasSubstr("not applied"));
  EXPECT_THAT(target_error_of([&] { (void)plan_downgrade_to(diamond(), {"right1"}, "left01"); }),
              HasSubstr("not a valid downgrade target"));
}

TEST(plan_downgrade, minus_one_keeps_to_the_rows_own_branch) {
  auto g = fork();
  EXPECT_THAT(plan_downgrade_to(g, {"left02"}, "-1"),
              ElementsAre(down("left02", {"left02"}, {"left01"})));
  EXPECT_THAT(plan_downgrade_to(g, {"left02", "right2"}, "right@-1"),
              ElementsAre(down("right2", {"right2"}, {"right1"})));
}

// Alembic warns and walks from the first row; it says it will refuse this in the future.
TEST(plan_downgrade, minus_n_from_several_rows_is_refused) {
  auto g = fork();
  auto message = target_error_of([&] { (void)plan_downgrade_to(g, {"left02", "right2"}, "-1"); });
  EXPECT_THAT(message, HasSubstr("several heads"));
  EXPECT_THAT(message, HasSubstr("<label>@-1"));
}

// Alembic reads `<label>@base` as "below the base of that label's lineage": the base goes too.
TEST(plan_downgrade, label_at_base_removes_that_lineage_including_its_base) {
  auto g = bundle();
  EXPECT_THAT(
      order_of(plan_downgrade_to(g, {"c3000000000a", "c5000000000b"}, "feature_b@base")),
      ElementsAre("c3000000000a", "c5000000000b", "c4000000000b", "c2000000000a", "c1000000000a"));
  EXPECT_TRUE(resolve_target(g, "feature_b@base", {}).empty());
}

TEST(plan_downgrade, a_dependency_goes_with_its_dependents) {
  auto g = graph_of({{"auth01", {}, {"auth"}},
                     {"auth02", {"auth01"}},
                     {"shop01", {}, {"shop"}},
                     {"shop02", {"shop01"}, {}, {"auth"}},
                     {"shop03", {"shop02"}, {}, {"auth02"}}});
  EXPECT_THAT(plan_downgrade_to(g, {"shop03"}, "auth01"),
              ElementsAre(down("shop03", {"shop03"}, {"shop02", "auth02"}),
                          down("auth02", {"auth02"}, {})));  // auth01 stays below shop02
  EXPECT_THAT(order_of(plan_downgrade_to(g, {"shop03"}, "auth@base")),
              ElementsAre("shop03", "shop02", "auth02", "auth01"));
}

TEST(plan_downgrade, unmerge_across_lineages) {
  auto g = bundle();
  EXPECT_THAT(
      plan_downgrade_to(g, {"r3000000000r"}, "r2000000000r"),
      ElementsAre(down("r3000000000r", {"r3000000000r"}, {"r2000000000r", "c8000000000c"})));
}

// Alembic 1.8 writes a revision and its ancestor as rows here (upgrade even fails with a
// KeyError); retort keeps one row per head.
TEST(plan_downgrade, a_dependency_on_an_ancestor_keeps_one_row_per_head) {
  auto g = graph_of({{"base01"},
                     {"pppp01", {"base01"}},
                     {"qqqq01", {"base01"}},
                     {"merge1", {"pppp01", "qqqq01"}, {}, {"base01"}}});
  EXPECT_THAT(
      plan_upgrade_to(g, {}, "heads"),
      ElementsAre(up("base01", {}, {"base01"}), up("qqqq01", {"base01"}, {"qqqq01"}),
                  up("pppp01", {}, {"pppp01"}), up("merge1", {"pppp01", "qqqq01"}, {"merge1"})));
  EXPECT_THAT(
      plan_downgrade_to(g, {"merge1"}, "base"),
      ElementsAre(down("merge1", {"merge1"}, {"pppp01", "qqqq01"}), down("pppp01", {"pppp01"}, {}),
                  down("qqqq01", {"qqqq01"}, {"base01"}), down("base01", {"base01"}, {})));
}

// What a stamp adds and removes, leaving out how its moves pair them.
stamp_change totals(stamp_change change) {
  change.moves.clear();
  return change;
}

// --- stamp -----------------------------------------------------------------------------------

TEST(plan_stamp, moves_the_row_on_the_targets_lineage_only) {
  auto g = fork();
  EXPECT_EQ(plan_stamp(g, {"left02", "right1"}, {"right2"}, false),
            (stamp_change{{"right1"}, {"right2"}, {{{"right1"}, "right2"}}}));
  // Both rows stand on base01: as Alembic's merge, one is deleted and the last updated.
  EXPECT_EQ(plan_stamp(g, {"left02", "right2"}, {"base01"}, false),
            (stamp_change{{"left02", "right2"}, {"base01"}, {{{"left02", "right2"}, "base01"}}}));
}

// Alembic updates a row only to a revision of its own line; pairing rows by position would
// have moved left01 to right2.
TEST(plan_stamp, several_targets_move_each_row_along_its_own_line) {
  auto g = fork();
  auto change = plan_stamp(g, {"left01", "right1"}, {"right2", "left02"}, false);
  EXPECT_THAT(change.heads_added, ElementsAre("right2", "left02"));
  EXPECT_THAT(change.moves,
              ElementsAre(stamp_move{{"right1"}, "right2"}, stamp_move{{"left01"}, "left02"}));
}

TEST(plan_stamp, onto_a_new_branch_adds_a_row) {
  auto g = fork();
  EXPECT_EQ(plan_stamp(g, {"left02"}, {"right2"}, false),
            (stamp_change{{}, {"right2"}, {{{}, "right2"}}}));
  // `trunk@right2` matches left02 through the trunk, but left02 is not on right2's lineage.
  EXPECT_EQ(plan_stamp(g, {"left02"}, {"trunk@right2"}, false),
            (stamp_change{{}, {"right2"}, {{{}, "right2"}}}));
}

TEST(plan_stamp, base_and_label_at_base_remove_rows) {
  auto g = fork();
  EXPECT_EQ(plan_stamp(g, {"left02", "right1"}, {"base"}, false),
            (stamp_change{{"left02", "right1"}, {}, {{{"left02", "right1"}, std::nullopt}}}));
  EXPECT_EQ(plan_stamp(g, {"left02", "right1"}, {"left@base"}, false),
            (stamp_change{{"left02"}, {}, {{{"left02"}, std::nullopt}}}));
}

TEST(plan_stamp, heads_and_several_targets) {
  auto g = fork();
  EXPECT_EQ(totals(plan_stamp(g, {"base01"}, {"heads"}, false)),
            (stamp_change{{"base01"}, {"left02", "right2"}}));
  EXPECT_EQ(totals(plan_stamp(g, {"left01", "right1"}, {"left02", "right2"}, false)),
            (stamp_change{{"left01", "right1"}, {"left02", "right2"}}));
}

// Alembic 1.8 merges every matched row into the first target, then skips right1 as "already
// there": it ends with left02 alone. retort moves each lineage on its own.
TEST(plan_stamp, a_target_already_in_the_table_keeps_its_row) {
  auto g = fork();
  EXPECT_EQ(totals(plan_stamp(g, {"left01", "right1"}, {"left02", "right1"}, false)),
            (stamp_change{{"left01"}, {"left02"}}));
}

// Alembic 1.8 fails with a KeyError here.
TEST(plan_stamp, one_lineage_up_and_another_down) {
  auto g = graph_of({{"b1base"},
                     {"b1ch01", {"b1base"}},
                     {"b1ch02", {"b1ch01"}},
                     {"b2base"},
                     {"b2ch01", {"b2base"}},
                     {"b2ch02", {"b2ch01"}}});
  EXPECT_EQ(totals(plan_stamp(g, {"b1ch01", "b2ch02"}, {"b1ch02", "b2ch01"}, false)),
            (stamp_change{{"b1ch01", "b2ch02"}, {"b1ch02", "b2ch01"}}));
}

TEST(plan_stamp, targets_on_one_line_are_refused) {
  auto g = fork();
  auto message = target_error_of([&] { (void)plan_stamp(g, {}, {"left02", "base01"}, false); });
  EXPECT_THAT(message, HasSubstr("on one line"));
  EXPECT_THAT(message, HasSubstr("name just left02"));
}

TEST(plan_stamp, purge_starts_from_an_empty_table) {
  auto g = fork();
  EXPECT_EQ(totals(plan_stamp(g, {"left02", "right1"}, {"left01"}, true)),
            (stamp_change{{"left02", "right1"}, {"left01"}}));
  // Even rows the plugins do not know go with --purge.
  EXPECT_EQ(totals(plan_stamp(g, {"f00dfeed"}, {"left01"}, true)),
            (stamp_change{{"f00dfeed"}, {"left01"}}));
}

TEST(plan_stamp, the_same_target_twice_counts_once) {
  auto g = fork();
  EXPECT_EQ(totals(plan_stamp(g, {}, {"left02", "left@head"}, false)),
            (stamp_change{{}, {"left02"}}));
}

// --- history ---------------------------------------------------------------------------------

TEST(history, lists_newest_first_in_alembic_order) {
  auto g = fork();
  EXPECT_THAT(history(g, "", {}), ElementsAre("left02", "left01", "right2", "right1", "base01"));
  EXPECT_THAT(g.topological_order(), ElementsAre("base01", "right1", "right2", "left01", "left02"));
}

TEST(history, ranges_with_open_ends) {
  auto g = fork();
  EXPECT_THAT(history(g, "left01:", {}), ElementsAre("left02", "left01"));
  EXPECT_THAT(history(g, ":right1", {}), ElementsAre("right1", "base01"));
  EXPECT_THAT(history(g, "base01:left02", {}), ElementsAre("left02", "left01", "base01"));
  EXPECT_THAT(history(g, "left@base:left@head", {}), ElementsAre("left02", "left01", "base01"));
  EXPECT_THAT(history(g, "-1:", {}), ElementsAre("left02", "left01", "right2", "right1"));
}

TEST(history, current_stands_for_the_database) {
  auto g = fork();
  EXPECT_THAT(history(g, "current:", {"left01"}), ElementsAre("left02", "left01"));
  EXPECT_THAT(history(g, ":current", {"left01", "right1"}),
              ElementsAre("left01", "right1", "base01"));
}

TEST(history, ranges_across_branches_and_without_a_colon_are_refused) {
  auto g = fork();
  EXPECT_THAT(target_error_of([&] { (void)history(g, "left01:right2", {}); }),
              HasSubstr("does not refer to ancestor/descendant revisions"));
  EXPECT_THAT(target_error_of([&] { (void)history(g, "left01", {}); }), HasSubstr("[start]:[end]"));
}

// --- current ---------------------------------------------------------------------------------

// After `upgrade r2`, Alembic's table holds r2 alone (c4, its dependency, merged into its row),
// and `alembic current` shows c4 too: it is the last applied revision of its own branch.
TEST(current_revisions, show_dependencies_merged_into_a_row) {
  auto g = bundle();
  auto steps = plan_upgrade_to(g, {}, "r2000000000r");
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back(), up("r2000000000r", {"r1000000000r", "c4000000000b"}, {"r2000000000r"}));
  EXPECT_THAT(current_revisions(g, {"r2000000000r"}), ElementsAre("c4000000000b", "r2000000000r"));
  EXPECT_THAT(current_revisions(g, {}), IsEmpty());
}

TEST(revisions_named, reads_targets_as_show_does) {
  auto g = fork();
  EXPECT_THAT(revisions_named(g, "heads"), ElementsAre("left02", "right2"));
  EXPECT_THAT(revisions_named(g, "left@head"), ElementsAre("left02"));
  EXPECT_THAT(target_error_of([&] { (void)revisions_named(g, "left0"); }),
              HasSubstr("left01, left02"));
  EXPECT_THAT(revisions_named(g, "-1"), ElementsAre("left01", "right1"));  // from each head
  EXPECT_THAT(revisions_named(g, "base"), IsEmpty());
  EXPECT_THROW((void)revisions_named(g, "head"), target_error);
}

// --- checks before anything runs -------------------------------------------------------------

TEST(check_target, refuses_what_no_database_could_make_right) {
  auto g = fork();
  EXPECT_THROW(check_target(g, "ffffffff", direction::upgrade), target_error);
  EXPECT_THROW(check_target(g, "head", direction::upgrade), target_error);
  EXPECT_THROW(check_target(g, "base01+1", direction::upgrade), target_error);
  EXPECT_THROW(check_target(g, "nosuch@base", direction::downgrade), target_error);
  EXPECT_NO_THROW(check_target(g, "heads", direction::upgrade));
  EXPECT_NO_THROW(check_target(g, "left@head", direction::upgrade));
  EXPECT_NO_THROW(check_target(g, "-1", direction::downgrade));
  EXPECT_NO_THROW(check_target(g, "base", direction::downgrade));
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

TEST(check_current_heads, a_row_and_its_dependency_are_refused) {
  auto g = graph_of({{"other1"}, {"child1", {}, {}, {"other1"}}});
  EXPECT_THROW(check_current_heads(g, {"other1", "child1"}), graph_error);
}

TEST(check_current_heads, a_row_twice_is_refused) {
  auto g = graph_of({{"aaaa01"}});
  EXPECT_THROW(check_current_heads(g, {"aaaa01", "aaaa01"}), graph_error);
}

TEST(normalize_heads, drops_targets_below_other_targets) {
  auto g = diamond();
  EXPECT_THAT(normalize_heads(g, {"base01", "left01", "right1"}), ElementsAre("left01", "right1"));
  EXPECT_THAT(normalize_heads(g, {"top001", "top001"}), ElementsAre("top001"));
  EXPECT_THAT(normalize_heads(g, {}), IsEmpty());
}

}  // namespace
}  // namespace retort::plan
