// Which command lines the front door answers itself, and which it hands to the full command.
#include "cli/graph_request.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace retort::cli {
namespace {

std::optional<graph_request> request_of(std::vector<std::string_view> arguments) {
  return graph_request_of(arguments);
}

TEST(graph_request, reads_the_graph_verbs_with_their_options) {
  auto heads = request_of({"--plugins", "build/plugins", "heads", "-v", "--resolve-dependencies"});
  ASSERT_TRUE(heads);
  EXPECT_EQ(heads->what, graph_request::verb::heads);
  EXPECT_EQ(heads->given.plugins, "build/plugins");
  EXPECT_TRUE(heads->verbose);
  EXPECT_TRUE(heads->resolve_dependencies);

  auto history = request_of({"-c", "ci.toml", "--env=staging", "history", "-r", "base:a1"});
  ASSERT_TRUE(history);
  EXPECT_EQ(history->what, graph_request::verb::history);
  EXPECT_EQ(history->given.config_file, "ci.toml");
  EXPECT_EQ(history->given.environment, "staging");
  EXPECT_EQ(history->range, "base:a1");
  EXPECT_FALSE(history->verbose);

  auto show = request_of({"--url", "postgresql:///x", "show", "head"});
  ASSERT_TRUE(show);
  EXPECT_EQ(show->target, "head");
  EXPECT_EQ(show->given.url, "postgresql:///x");

  auto branches = request_of({"branches", "--verbose"});
  ASSERT_TRUE(branches);
  EXPECT_EQ(branches->what, graph_request::verb::branches);
  EXPECT_TRUE(branches->verbose);
  EXPECT_EQ(request_of({"history", "--rev-range=a1:"})->range, "a1:");

  auto current = request_of({"--url=postgresql:///x", "current", "--check-heads", "-v"});
  ASSERT_TRUE(current);
  EXPECT_EQ(current->what, graph_request::verb::current);
  EXPECT_EQ(current->given.url, "postgresql:///x");
  EXPECT_TRUE(current->check_heads);
  EXPECT_TRUE(current->verbose);
  EXPECT_FALSE(request_of({"current"})->check_heads);
}

TEST(graph_request, reads_offline_scripts_with_their_version_table_and_transaction) {
  auto upgrade = request_of({"--version-table", "applied", "--version-table-schema=ops", "upgrade",
                             "--sql", "a1:heads", "--single-transaction"});
  ASSERT_TRUE(upgrade);
  EXPECT_EQ(upgrade->what, graph_request::verb::upgrade_sql);
  EXPECT_EQ(upgrade->target, "a1:heads");
  EXPECT_EQ(upgrade->given.version_table, "applied");
  EXPECT_EQ(upgrade->given.version_table_schema, "ops");
  EXPECT_TRUE(upgrade->given.single_transaction);

  auto downgrade = request_of({"--single-transaction", "downgrade", "head:base", "--sql"});
  ASSERT_TRUE(downgrade);
  EXPECT_EQ(downgrade->what, graph_request::verb::downgrade_sql);
  EXPECT_EQ(downgrade->target, "head:base");
  EXPECT_TRUE(downgrade->given.single_transaction);
  EXPECT_FALSE(request_of({"upgrade", "head", "--sql"})->given.single_transaction);
}

TEST(graph_request, hands_over_another_verb_option_or_a_bundle) {
  const std::vector<std::vector<std::string_view>> handed_over{
      {},
      {"upgrade", "head"},  // online: the full command's
      {"downgrade", "base"},
      {"upgrade", "--sql"},
      {"upgrade", "a1", "b2", "--sql"},
      {"upgrade", "head", "--sql", "--sql"},
      {"upgrade", "current", "--sql"},
      {"upgrade", "current:head", "--sql"},
      {"downgrade", "-1", "--sql"},
      {"downgrade", "head:-1", "--sql", "--tag", "x"},
      {"--single-transaction", "upgrade", "head", "--sql", "--single-transaction"},
      {"upgrade", "head", "--sql", "--databases", "fleet.txt"},
      {"--version-table", "a", "--version-table", "b", "upgrade", "head", "--sql"},
      {"stamp", "head", "--sql"},
      {"current", "--resolve-dependencies"},
      {"current", "head"},
      {"heads", "--check-heads"},
      {"history", "-i"},
      {"history", "--indicate-current"},
      {"history", "-r", "current:"},
      {"history", "-r", "base:current"},
      {"show", "current"},
      {"--bundle", "release.tar.gz", "heads"},
      {"heads", "--plugins", "p"},  // a global option after the verb: the full command says no
      {"heads", "--help"},
      {"--help"},
      {"--version"},
      {"heads", "extra"},
      {"show"},
      {"show", "a1", "b2"},
      {"show", "-1"},
      {"history", "-r"},
      {"history", "-r", "a:", "-r", "b:"},
      {"--plugins"},
      {"--plugins", "heads"},
      {"--plugins", "a", "--plugins", "b", "heads"},
      {"--plugins=", "heads"},
      {"-pdir", "heads"},
      {"--lock-timeout", "5", "heads"},
      {"branches", "--resolve-dependencies"},
      {"heads", "--"},
  };
  for (const auto& line : handed_over) {
    std::string shown;
    for (auto argument : line) {
      shown += std::string(argument) + " ";
    }
    EXPECT_FALSE(graph_request_of(line)) << "answered itself: " << shown;
  }
}

}  // namespace
}  // namespace retort::cli
