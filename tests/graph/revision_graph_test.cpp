#include <retort/errors.hpp>
#include <retort/graph.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/graph_builder.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using testing::graph_of;
using ::testing::HasSubstr;

template <typename Error, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

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
  EXPECT_THAT(g.topological_order(), ElementsAre("base01", "left01", "right1", "merge1"));
}

TEST(revision_graph, independent_branches_keep_discovery_order) {
  auto g = graph_of({{"base01"}, {"zzzz01", {"base01"}}, {"aaaa01", {"base01"}}});
  EXPECT_THAT(g.topological_order(), ElementsAre("base01", "zzzz01", "aaaa01"));
  EXPECT_THAT(g.heads(), ElementsAre("zzzz01", "aaaa01"));
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
  EXPECT_THAT(message, HasSubstr("cycle"));
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
