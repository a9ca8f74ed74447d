// Plans for databases whose version table still holds a revision that a squash replaced: each is
// carried forward by the squash, running only what it lacks, and its row becomes the squash's.
#include <retort/errors.hpp>

#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plan/migration_plan.hpp"

namespace retort::plan {

// Defined in migration_plan_test.cpp.
void PrintTo(const migration_step& s, std::ostream* os);

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using strings = std::vector<std::string>;

migration_step up(std::string rev, strings removed, strings added, std::string resume = {}) {
  return {std::move(rev), direction::upgrade, std::move(removed), std::move(added),
          std::move(resume)};
}
migration_step down(std::string rev, strings removed, strings added, std::string resume = {}) {
  return {std::move(rev), direction::downgrade, std::move(removed), std::move(added),
          std::move(resume)};
}

revision_info info(std::string id, strings down, strings replaces = {}) {
  return {.revision = std::move(id),
          .down_revisions = std::move(down),
          .message = "m",
          .source = "x.cpp",
          .replaces = std::move(replaces)};
}

// p ── s (replaces a, b, c) ── t, and q, a sibling branch on p.
revision_graph squashed() {
  return revision_graph(
      {info("p", {}), info("s", {"p"}, {"a", "b", "c"}), info("t", {"s"}), info("q", {"p"})});
}

std::string graph_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const graph_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected graph_error";
  return {};
}

TEST(squash_plan, a_database_at_a_middle_replaced_revision_resumes_the_squash_after_it) {
  EXPECT_THAT(plan_upgrade_to(squashed(), {"b"}, "t"),
              ElementsAre(up("s", {"b"}, {"s"}, "b"), up("t", {"s"}, {"t"})));
}

TEST(squash_plan, a_database_at_the_last_replaced_revision_runs_the_squash_only_to_rename_its_row) {
  EXPECT_THAT(plan_upgrade_to(squashed(), {"c"}, "t"),
              ElementsAre(up("s", {"c"}, {"s"}, "c"), up("t", {"s"}, {"t"})));
}

TEST(squash_plan, a_database_below_the_squash_runs_all_of_it) {
  EXPECT_THAT(plan_upgrade_to(squashed(), {"p"}, "t"),
              ElementsAre(up("s", {"p"}, {"s"}), up("t", {"s"}, {"t"})));
  EXPECT_THAT(plan_upgrade_to(squashed(), {}, "s"),
              ElementsAre(up("p", {}, {"p"}), up("s", {"p"}, {"s"})));
}

TEST(squash_plan, a_sibling_branch_on_the_squash_parent_stays_a_row_of_its_own) {
  EXPECT_THAT(plan_upgrade_to(squashed(), {"q", "b"}, "t"),
              ElementsAre(up("s", {"b"}, {"s"}, "b"), up("t", {"s"}, {"t"})));
}

TEST(squash_plan, upgrading_another_branch_first_leaves_the_replaced_row_for_the_squash) {
  EXPECT_THAT(plan_upgrade_to(squashed(), {"b"}, "heads"),
              ElementsAre(up("q", {}, {"q"}), up("s", {"b"}, {"s"}, "b"), up("t", {"s"}, {"t"})));
}

TEST(squash_plan, a_target_below_the_squash_leaves_the_replaced_row_alone) {
  EXPECT_THAT(plan_upgrade_to(squashed(), {"b"}, "q"), ElementsAre(up("q", {}, {"q"})));
}

TEST(squash_plan, downgrading_reverts_only_what_the_database_applied_of_the_squash) {
  EXPECT_THAT(plan_downgrade_to(squashed(), {"b"}, "base"),
              ElementsAre(down("s", {"b"}, {"p"}, "b"), down("p", {"p"}, {})));
  EXPECT_THAT(plan_downgrade_to(squashed(), {"c"}, "p"), ElementsAre(down("s", {"c"}, {"p"}, "c")));
}

TEST(squash_plan, current_shows_the_squash_at_its_last_revision_and_its_parents_before) {
  EXPECT_THAT(current_revisions(squashed(), {"c"}), ElementsAre("s"));
  EXPECT_THAT(current_revisions(squashed(), {"a"}), ElementsAre("p"));
}

TEST(squash_plan, history_reads_a_replaced_row_as_current) {
  EXPECT_THAT(history(squashed(), "current:", {"c"}), ElementsAre("t", "s"));
}

TEST(squash_plan, stamp_replaces_a_replaced_row_by_the_target) {
  auto change = plan_stamp(squashed(), {"b"}, {"t"}, false);
  EXPECT_THAT(change.heads_removed, ElementsAre("b"));
  EXPECT_THAT(change.heads_added, ElementsAre("t"));
}

TEST(squash_plan, refuses_two_rows_replaced_by_one_squash) {
  EXPECT_THAT(graph_error_of([] {
                check_current_heads(squashed(), {"a", "c"});
              }),
              HasSubstr("holds both a and c, which squash s both replaces"));
  EXPECT_THAT(graph_error_of([] {
                check_current_heads(squashed(), {"s", "c"});
              }),
              HasSubstr("holds both s and c, which s replaces"));
}

TEST(squash_plan, still_refuses_a_row_nothing_declares_or_replaces) {
  EXPECT_THAT(graph_error_of([] { check_current_heads(squashed(), {"zz"}); }),
              HasSubstr("names revision zz, which none of the loaded plugins declares"));
}

TEST(squash_graph, refuses_a_replaced_revision_that_is_still_declared) {
  EXPECT_THAT(
      graph_error_of([] {
        (void)revision_graph({info("a", {}), info("s", {}, {"a"})});
      }),
      HasSubstr("revision s (x.cpp) replaces revision a, which revision a (x.cpp) still declares"));
}

TEST(squash_graph, refuses_a_revision_replaced_twice) {
  EXPECT_THAT(graph_error_of([] {
                (void)revision_graph({info("s", {}, {"a"}), info("r", {}, {"a"})});
              }),
              HasSubstr("revision a is replaced by both"));
}

TEST(squash_graph, tells_a_child_left_on_a_replaced_revision_to_name_the_squash) {
  EXPECT_THAT(graph_error_of([] {
                (void)revision_graph({info("s", {}, {"a"}), info("t", {"a"})});
              }),
              HasSubstr("(squash s replaces it: name s)"));
}

TEST(squash_graph, says_which_squash_replaces_an_id) {
  auto graph = squashed();
  EXPECT_EQ(graph.replaced_by("b"), "s");
  EXPECT_EQ(graph.replaced_by("t"), std::nullopt);
}

}  // namespace
}  // namespace retort::plan
