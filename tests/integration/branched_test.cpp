// A branched history with merges, labels and a cross-lineage dependency, applied one step at a
// time to a real database. After every step the version table must hold exactly one row per
// head of what is applied, where "applied" is read from the database itself (each revision
// creates its own table), not from the plan.
#include <algorithm>
#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "executor/executor.hpp"
#include "integration/database.hpp"
#include "loader/plugin_loader.hpp"
#include "plan/migration_plan.hpp"
#include "render/postgres_dialect.hpp"
#include "store/version_table.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using strings = std::vector<std::string>;

class branched_history : public ::testing::Test {
 protected:
  branched_history()
      : url_(testing::fresh_database_url()),
        db_(url_),
        migrations_(load_plugin_directory(std::string(RETORT_TEST_BUNDLES) + "/branchy")),
        graph_(infos()),
        session_(pg::session::connect(url_)),
        versions_(*session_, {}) {
    for (const auto& m : migrations_) {
      by_id_.emplace(m.info().revision, &m);
    }
    versions_.ensure_exists();
  }

  std::vector<revision_info> infos() const {
    std::vector<revision_info> out;
    for (const auto& m : migrations_) {
      out.push_back(m.info());
    }
    return out;
  }

  // What the database says is applied: one table t_<revision> per applied revision.
  std::set<std::string> applied_in_database() {
    std::set<std::string> out;
    for (const auto& table : db_.tables()) {
      if (table.starts_with("t_")) {
        out.insert(table.substr(2));
      }
    }
    return out;
  }

  // The heads of an applied set: applied revisions no applied revision names as down revision.
  strings heads_of(const std::set<std::string>& applied) {
    strings out;
    for (const auto& revision : applied) {
      // As Alembic keeps it, a dependency's row merges into its dependent's row.
      auto children = graph_.children(revision);
      auto dependents = graph_.dependents(revision);
      children.insert(children.end(), dependents.begin(), dependents.end());
      bool has_applied_child = std::any_of(children.begin(), children.end(),
                                           [&](const auto& c) { return applied.contains(c); });
      if (!has_applied_child) {
        out.push_back(revision);
      }
    }
    return out;  // sorted, as the set is
  }

  // Runs the plan one step at a time, checking the version table after each; returns the order.
  strings run_checking_every_step(std::vector<plan::migration_step> steps) {
    render::postgres_dialect dialect;
    executor::executor runner(*session_, versions_);
    strings order;
    for (const auto& prepared : executor::prepare(steps, by_id_, dialect)) {
      runner.run({prepared});
      order.push_back(prepared.step.revision);
      auto applied = applied_in_database();
      EXPECT_EQ(db_.versions(), heads_of(applied)) << "after " << prepared.step.revision;
      EXPECT_EQ(graph_.ancestors_inclusive(db_.versions()), applied)
          << "after " << prepared.step.revision << ": the rows do not cover what is applied";
    }
    return order;
  }

  strings upgrade(const std::string& target) {
    auto heads = versions_.heads();
    return run_checking_every_step(
        plan::plan_upgrade(graph_, heads, plan::resolve_target(graph_, target, heads)));
  }
  strings downgrade(const std::string& target) {
    auto heads = versions_.heads();
    return run_checking_every_step(
        plan::plan_downgrade(graph_, heads, plan::resolve_target(graph_, target, heads)));
  }

  std::string url_;
  testing::database db_;
  std::vector<loaded_migration> migrations_;
  revision_graph graph_;
  std::map<std::string, const loaded_migration*> by_id_;
  std::unique_ptr<pg::session> session_;
  store::version_table versions_;
};

TEST_F(branched_history, the_bundle_has_two_heads_across_two_lineages) {
  EXPECT_THAT(graph_.heads(), ElementsAre("c7000000000c", "r3000000000r"));
  EXPECT_THAT(graph_.bases(), ElementsAre("c1000000000a", "r1000000000r"));
}

TEST_F(branched_history, upgrade_heads_then_downgrade_base_step_by_step) {
  auto up = upgrade("heads");
  EXPECT_EQ(up.size(), 11u);
  EXPECT_THAT(db_.versions(), ElementsAre("c7000000000c", "r3000000000r"));

  auto down = downgrade("base");
  EXPECT_EQ(down.size(), 11u);
  EXPECT_TRUE(db_.versions().empty());
  EXPECT_TRUE(applied_in_database().empty());
}

TEST_F(branched_history, a_dependency_is_applied_first_and_its_row_merges_into_the_dependent) {
  upgrade("r2000000000r");  // depends on c4 (feature_b), in the other lineage
  EXPECT_EQ(applied_in_database(),
            (std::set<std::string>{"c1000000000a", "c2000000000a", "c4000000000b", "r1000000000r",
                                   "r2000000000r"}));
  EXPECT_THAT(db_.versions(), ElementsAre("r2000000000r"));  // Alembic 1.8.1 keeps one row
}

TEST_F(branched_history, merge_and_unmerge_move_rows_as_alembic_does) {
  upgrade("c3000000000a");
  upgrade("c5000000000b");
  EXPECT_THAT(db_.versions(), ElementsAre("c3000000000a", "c5000000000b"));
  upgrade("c6000000000c");
  EXPECT_THAT(db_.versions(), ElementsAre("c6000000000c"));
  upgrade("c8000000000c");
  upgrade("c7000000000c");  // a second branch from the merge: a second row
  EXPECT_THAT(db_.versions(), ElementsAre("c7000000000c", "c8000000000c"));

  downgrade("c3000000000a");  // everything above c3 goes; c5's branch stays
  EXPECT_THAT(db_.versions(), ElementsAre("c3000000000a", "c5000000000b"));
  // Alembic: downgrading to label@base removes that whole lineage, its base included.
  EXPECT_THAT(
      downgrade("feature_b@base"),
      ElementsAre("c3000000000a", "c5000000000b", "c4000000000b", "c2000000000a", "c1000000000a"));
  EXPECT_TRUE(db_.versions().empty());
}

TEST_F(branched_history, a_cross_lineage_merge_needs_both_lineages) {
  upgrade("r3000000000r");
  auto applied = applied_in_database();
  EXPECT_TRUE(applied.contains("c8000000000c"));
  EXPECT_FALSE(applied.contains("c7000000000c"));
  EXPECT_THAT(db_.versions(), ElementsAre("r3000000000r"));
  downgrade("r2000000000r");  // unmerge across lineages
  EXPECT_THAT(db_.versions(), ElementsAre("c8000000000c", "r2000000000r"));
}

}  // namespace
}  // namespace retort
