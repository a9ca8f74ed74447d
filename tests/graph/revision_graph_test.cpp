#include <retort/errors.hpp>
#include <retort/graph.hpp>

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/error_of.hpp"

#include "graph/graph_builder.hpp"
#include "graph/graph_core.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using testing::graph_of;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using retort::testing::error_of;

TEST(revision_graph, linear_chain_has_one_base_and_one_head) {
  auto g = graph_of({{"aaaa01"}, {"bbbb02", {"aaaa01"}}, {"cccc03", {"bbbb02"}}});
  EXPECT_THAT(g.bases(), ElementsAre("aaaa01"));
  EXPECT_THAT(g.heads(), ElementsAre("cccc03"));
  EXPECT_THAT(g.topological_order(), ElementsAre("aaaa01", "bbbb02", "cccc03"));
  EXPECT_TRUE(g.branch_points().empty());
}

TEST(revision_graph, orders_parents_first_whatever_the_discovery_order) {
  auto g = graph_of({{"cccc03", {"bbbb02"}}, {"bbbb02", {"aaaa01"}}, {"aaaa01"}});
  EXPECT_THAT(g.topological_order(), ElementsAre("aaaa01", "bbbb02", "cccc03"));
}

TEST(revision_graph, branch_and_merge_points_are_found) {
  auto g = graph_of({{"base01"},
                     {"left01", {"base01"}},
                     {"right1", {"base01"}},
                     {"merge1", {"left01", "right1"}}});
  EXPECT_THAT(g.branch_points(), ElementsAre("base01"));
  EXPECT_THAT(g.merge_points(), ElementsAre("merge1"));
  EXPECT_THAT(g.heads(), ElementsAre("merge1"));
  EXPECT_THAT(g.children("base01"), ElementsAre("left01", "right1"));
  EXPECT_EQ(g.child_count("base01"), 2u);
  EXPECT_EQ(g.child_count("left01"), 1u);
  EXPECT_EQ(g.child_count("merge1"), 0u);
  EXPECT_THROW((void)g.child_count("nope01"), target_error);
  // Alembic's order (checked against 1.8.1): history walks down from the head, the first
  // parent's line first, and upgrade runs that walk backwards.
  EXPECT_THAT(g.topological_order(), ElementsAre("base01", "right1", "left01", "merge1"));
}

// Heads are listed in discovery order; Alembic's history walks the first head's line first,
// so `upgrade heads` applies the branch found last first.
TEST(revision_graph, independent_branches_follow_alembic_order) {
  auto g = graph_of({{"base01"}, {"zzzz01", {"base01"}}, {"aaaa01", {"base01"}}});
  EXPECT_THAT(g.heads(), ElementsAre("zzzz01", "aaaa01"));
  EXPECT_THAT(g.topological_order(), ElementsAre("base01", "aaaa01", "zzzz01"));
}

TEST(revision_graph, several_bases_are_allowed) {
  auto g = graph_of({{"base01"}, {"base02"}, {"child1", {"base02"}}});
  EXPECT_THAT(g.bases(), ElementsAre("base01", "base02"));
  EXPECT_THAT(g.heads(), ElementsAre("base01", "child1"));
}

TEST(revision_graph, depends_on_orders_like_a_parent_without_merging) {
  auto g = graph_of({{"other1"}, {"base01"}, {"child1", {"base01"}, {}, {"other1"}}});
  EXPECT_EQ(g.ancestors_inclusive({"child1"}),
            (std::set<std::string>{"child1", "base01", "other1"}));
  EXPECT_THAT(g.heads(), ElementsAre("other1", "child1"));
  EXPECT_EQ(g.descendants_inclusive({"other1"}), (std::set<std::string>{"other1", "child1"}));
}

TEST(revision_graph, depends_on_may_name_a_branch_label) {
  auto g = graph_of({{"other1", {}, {"accounts"}}, {"child1", {}, {}, {"accounts"}}});
  EXPECT_TRUE(g.ancestors_inclusive({"child1"}).contains("other1"));
  EXPECT_THAT(g.dependents("other1"), ElementsAre("child1"));
}

// Alembic's `_normalize_depends_on`: a dependency that a revision below (by down revision)
// already declares is left out of the revision's own parents; one that is merely below stays.
TEST(revision_graph, a_dependency_declared_below_is_left_out_as_in_alembic) {
  auto g = graph_of({{"auth01"},
                     {"shop01", {}, {}, {"auth01"}},
                     {"shop02", {"shop01"}, {}, {"auth01"}},
                     {"shop03", {"shop02"}, {}, {"shop01"}}});
  const auto& core = detail::core_of(g);
  auto parents = [&](const char* id) {
    std::vector<std::string> out;
    for (auto p : core.norm_down[core.ids.at(id)]) {
      out.push_back(core.id(p));
    }
    return out;
  };
  EXPECT_THAT(parents("shop01"), ElementsAre("auth01"));
  EXPECT_THAT(parents("shop02"), ElementsAre("shop01"));            // shop01 declares auth01
  EXPECT_THAT(parents("shop03"), ElementsAre("shop02", "shop01"));  // below, not declared below
}

// A revision only a dependency points at is a head for `heads`, but not for `heads
// --resolve-dependencies` nor for the target `heads`; Alembic marks it "(effective head)".
TEST(revision_graph, effective_heads_are_depended_on) {
  auto g = graph_of({{"auth01", {}, {"auth"}},
                     {"auth02", {"auth01"}},
                     {"shop01", {}, {"shop"}},
                     {"shop02", {"shop01"}, {}, {"auth"}},
                     {"shop03", {"shop02"}, {}, {"auth02"}}});
  EXPECT_THAT(g.heads(), ElementsAre("auth02", "shop03"));
  EXPECT_THAT(g.heads_resolving_dependencies(), ElementsAre("shop03"));
  EXPECT_THAT(g.effective_heads(), ElementsAre("auth02"));
  EXPECT_THAT(g.bases(), ElementsAre("auth01", "shop01"));
  EXPECT_THAT(g.topological_order(), ElementsAre("auth01", "auth02", "shop01", "shop02", "shop03"));
}

TEST(revision_graph, a_revision_with_only_a_dependency_is_a_base) {
  auto g = graph_of({{"root01"}, {"dep001", {}, {}, {"root01"}}});
  EXPECT_THAT(g.bases(), ElementsAre("root01", "dep001"));
  EXPECT_THAT(g.heads(), ElementsAre("root01", "dep001"));
  EXPECT_THAT(g.heads_resolving_dependencies(), ElementsAre("dep001"));
}

// Alembic's `_add_branches`, checked against 1.8.1.
TEST(revision_graph, labels_apply_above_and_down_a_plain_line) {
  auto chain = graph_of({{"aaaa01"},
                         {"bbbb02", {"aaaa01"}},
                         {"cccc03", {"bbbb02"}, {"lbl"}},
                         {"dddd04", {"cccc03"}}});
  for (const auto* r : {"aaaa01", "bbbb02", "cccc03", "dddd04"}) {
    EXPECT_THAT(chain.branch_labels(r), ElementsAre("lbl")) << r;
  }
  // Above the label the line branches: the label stays on the revision and above it.
  auto branched = graph_of({{"aaaa01"},
                            {"bbbb02", {"aaaa01"}},
                            {"cccc03", {"bbbb02"}, {"lbl"}},
                            {"dddd04", {"cccc03"}},
                            {"eeee05", {"cccc03"}}});
  EXPECT_THAT(branched.branch_labels("aaaa01"), IsEmpty());
  EXPECT_THAT(branched.branch_labels("bbbb02"), IsEmpty());
  EXPECT_THAT(branched.branch_labels("eeee05"), ElementsAre("lbl"));
  // Below the label the line branches: the label runs down to the branch point, not into it.
  auto below = graph_of({{"aaaa01"},
                         {"bbbb02", {"aaaa01"}},
                         {"xxxx01", {"aaaa01"}},
                         {"cccc03", {"bbbb02"}, {"lbl"}},
                         {"dddd04", {"cccc03"}}});
  EXPECT_THAT(below.branch_labels("bbbb02"), ElementsAre("lbl"));
  EXPECT_THAT(below.branch_labels("aaaa01"), IsEmpty());
  EXPECT_THAT(below.branch_labels("xxxx01"), IsEmpty());
}

TEST(revision_graph, labels_pass_through_merges) {
  auto g = graph_of({{"core01", {}, {"core"}},
                     {"feat01", {"core01"}, {"feature_a"}},
                     {"feat02", {"core01"}, {"feature_b"}},
                     {"merge1", {"feat01", "feat02"}}});
  EXPECT_THAT(g.branch_labels("merge1"), ElementsAre("core", "feature_a", "feature_b"));
  EXPECT_THAT(g.branch_labels("feat01"), ElementsAre("core", "feature_a"));
}

TEST(revision_graph, duplicate_id_names_both_sources) {
  std::vector<revision_info> infos{{.revision = "aaaa01", .source = "first.so"},
                                   {.revision = "aaaa01", .source = "second.so"}};
  auto message = error_of<graph_error>([&] { revision_graph g(infos); });
  EXPECT_THAT(message, HasSubstr("aaaa01"));
  EXPECT_THAT(message, HasSubstr("first.so"));
  EXPECT_THAT(message, HasSubstr("second.so"));
}

TEST(revision_graph, missing_parent_is_refused) {
  auto message = error_of<graph_error>([] { graph_of({{"aaaa01", {"nope01"}}}); });
  EXPECT_THAT(message, HasSubstr("nope01"));
  EXPECT_THAT(message, HasSubstr("aaaa01.cpp"));
}

TEST(revision_graph, missing_dependency_is_refused) {
  auto message = error_of<graph_error>([] { graph_of({{"aaaa01", {}, {}, {"nope01"}}}); });
  EXPECT_THAT(message, HasSubstr("nope01"));
}

TEST(revision_graph, self_reference_is_refused) {
  auto message = error_of<graph_error>([] { graph_of({{"aaaa01", {"aaaa01"}}}); });
  EXPECT_THAT(message, HasSubstr("names itself"));
}

TEST(revision_graph, cycle_is_refused_naming_its_revisions) {
  auto message = error_of<graph_error>([] {
    graph_of({{"root01"}, {"aaaa01", {"cccc03"}}, {"bbbb02", {"aaaa01"}}, {"cccc03", {"bbbb02"}}});
  });
  EXPECT_THAT(message, HasSubstr("a cycle of down revisions"));
  EXPECT_THAT(message, HasSubstr("aaaa01"));
  EXPECT_THAT(message, HasSubstr("bbbb02"));
  EXPECT_THAT(message, HasSubstr("cccc03"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("root01")));
}

TEST(revision_graph, ids_with_target_syntax_are_refused) {
  for (const char* bad : {"ab-cd", "ab+cd", "ab@cd", "ab:cd", "", "ab cd"}) {
    EXPECT_THROW(graph_of({{bad}}), graph_error) << bad;
  }
}

TEST(revision_graph, target_words_cannot_be_ids_or_labels) {
  for (const char* word : {"head", "heads", "base", "current"}) {
    EXPECT_THROW(graph_of({{word}}), graph_error) << word;
    EXPECT_THROW(graph_of({{"aaaa01", {}, {word}}}), graph_error) << word;
  }
}

TEST(revision_graph, a_label_as_down_revision_is_refused_with_advice) {
  auto message = error_of<graph_error>([] {
    graph_of({{"aaaa01", {}, {"core"}}, {"bbbb02", {"core"}}});
  });
  EXPECT_THAT(message, HasSubstr("branch label"));
}

TEST(revision_graph, a_dependency_cycle_is_refused) {
  auto message = error_of<graph_error>([] {
    graph_of({{"aaaa01", {}, {}, {"bbbb02"}}, {"bbbb02", {}, {}, {"aaaa01"}}});
  });
  EXPECT_THAT(message, HasSubstr("a dependency cycle"));
}

// Alembic's DependencyCycleDetected: the down revisions alone form no cycle; a depends_on on a
// revision above closes one.
TEST(revision_graph, a_dependency_on_a_descendant_is_a_dependency_cycle) {
  auto message = error_of<graph_error>([] {
    graph_of({{"aaaa01", {}, {}, {"cccc03"}}, {"bbbb02", {"aaaa01"}}, {"cccc03", {"bbbb02"}}});
  });
  EXPECT_THAT(message, HasSubstr("a dependency cycle (a depends_on closes it)"));
  EXPECT_THAT(message, HasSubstr("aaaa01"));
  EXPECT_THAT(message, HasSubstr("cccc03"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("cycle of down revisions")));
}

TEST(revision_graph, a_branch_label_used_twice_is_refused) {
  auto message = error_of<graph_error>([] {
    graph_of({{"aaaa01", {}, {"feature"}}, {"bbbb02", {}, {"feature"}}});
  });
  EXPECT_THAT(message, HasSubstr("feature"));
  EXPECT_THAT(message, HasSubstr("aaaa01"));
  EXPECT_THAT(message, HasSubstr("bbbb02"));
}

TEST(revision_graph, resolves_ids_prefixes_and_labels) {
  auto g = graph_of({{"ae1027a6acf0", {}, {"accounts"}},
                     {"ae10b7c2d3e4", {"ae1027a6acf0"}},
                     {"27c6a30d7c24", {"ae10b7c2d3e4"}}});
  EXPECT_EQ(g.resolve_revision("27c6a30d7c24"), "27c6a30d7c24");
  EXPECT_EQ(g.resolve_revision("27c6"), "27c6a30d7c24");
  EXPECT_EQ(g.resolve_revision("accounts"), "ae1027a6acf0");
  EXPECT_THAT(error_of<target_error>([&] { (void)g.resolve_revision("ae10"); }),
              HasSubstr("ae1027a6acf0, ae10b7c2d3e4"));
  EXPECT_THAT(error_of<target_error>([&] { (void)g.resolve_revision("27c"); }),
              HasSubstr("at least 4"));
  EXPECT_THAT(error_of<target_error>([&] { (void)g.resolve_revision("ffff"); }),
              HasSubstr("Can't locate revision identified by 'ffff'"));
}

// Alembic matches prefixes against labels too, so a prefix shared by a label and an id is
// ambiguous even when both name one revision.
TEST(revision_graph, prefixes_match_labels_as_alembic_does) {
  auto g = graph_of({{"ae1027a6acf0", {}, {"accounts"}}, {"27c6a30d7c24", {"ae1027a6acf0"}}});
  EXPECT_EQ(g.resolve_revision("acco"), "ae1027a6acf0");
  auto both = graph_of({{"acco1234", {}, {"accounts"}}});
  EXPECT_THAT(error_of<target_error>([&] { (void)both.resolve_revision("acco"); }),
              HasSubstr("acco1234, accounts"));
}

// Stricter than Alembic, which resolves any unique prefix: three characters collide too easily.
TEST(revision_graph, a_unique_but_short_prefix_is_refused) {
  auto g = graph_of({{"ae1027a6acf0"}});
  EXPECT_THAT(error_of<target_error>([&] { (void)g.resolve_revision("ae1"); }),
              HasSubstr("too short"));
}

// The sorted ids behind prefix lookups are made on the first lookup; a graph shared by the
// threads of a fleet run may get its first lookups at once.
TEST(revision_graph, resolves_prefixes_from_several_threads_at_once) {
  std::vector<testing::rev> chain;
  for (int i = 0; i < 2000; ++i) {
    chain.push_back(
        {"c0ffee" + std::to_string(100000 + i) + "abcdef",
         i == 0 ? std::vector<std::string>{}
                : std::vector<std::string>{"c0ffee" + std::to_string(99999 + i) + "abcdef"}});
  }
  const auto g = graph_of(chain);
  std::vector<std::string> found(8);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < found.size(); ++t) {
      threads.emplace_back([&g, &found, t] {
        found[t] = g.resolve_revision("c0ffee" + std::to_string(101000 + t));
      });
    }
  }
  for (std::size_t t = 0; t < found.size(); ++t) {
    EXPECT_EQ(found[t], "c0ffee" + std::to_string(101000 + t) + "abcdef");
  }
}

TEST(revision_graph, a_long_chain_builds) {
  std::vector<testing::rev> chain;
  for (int i = 0; i < 5000; ++i) {
    chain.push_back(
        {"r" + std::to_string(i), i == 0 ? std::vector<std::string>{}
                                         : std::vector<std::string>{"r" + std::to_string(i - 1)}});
  }
  auto g = graph_of(chain);
  EXPECT_THAT(g.heads(), ElementsAre("r4999"));
  EXPECT_EQ(g.topological_order().front(), "r0");
  EXPECT_EQ(g.ancestors_inclusive({"r4999"}).size(), 5000u);
}

}  // namespace
}  // namespace retort
