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

TEST(graph_request, hands_over_another_verb_option_or_a_bundle) {
  const std::vector<std::vector<std::string_view>> handed_over{
      {},
      {"upgrade", "head"},
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
