// The `retort` program answers the graph verbs itself, without the database client or the
// bundle libraries, exactly as the full command would; everything else it hands over whole.
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "support/run_command.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace exit_code = cli::exit_code;

testing::run_result run(const std::string& program, const std::string& args) {
  return testing::run(
      "env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_CONFIG -u "
      "RETORT_BUNDLE -u RETORT_ENV " +
      testing::shell_quote(program) + " --config /dev/null " + args);
}

// A copy of the front door with no retort-full beside it: what it prints, it answered itself.
std::string front_door_alone() {
  const auto directory = std::filesystem::path(::testing::TempDir()) / "front_door_alone" / "bin";
  if (!std::filesystem::exists(directory / "retort")) {
    std::filesystem::create_directories(directory);
    std::filesystem::copy_file(RETORT_CLI, directory / "retort",
                               std::filesystem::copy_options::overwrite_existing);
  }
  return (directory / "retort").string();
}

TEST(front_door, answers_every_graph_verb_itself_as_the_full_command_does) {
  const std::vector<std::string> directories{RETORT_EXAMPLE_PLUGINS, RETORT_BRANCHY_PLUGINS};
  const std::vector<std::string> lines{"heads",
                                       "heads -v",
                                       "heads --resolve-dependencies",
                                       "branches",
                                       "branches -v",
                                       "history",
                                       "history -v",
                                       "history -r base:heads",
                                       "history --rev-range=base:",
                                       "show heads",
                                       "show base"};
  const auto alone = front_door_alone();
  for (const auto& directory : directories) {
    for (const auto& line : lines) {
      for (const auto& plugins :
           {"--plugins " + testing::shell_quote(directory), "-p " + testing::shell_quote(directory),
            "--plugins=" + testing::shell_quote(directory)}) {
        const auto args = plugins + " " + line;
        const auto answered = run(alone, args);
        const auto full = run(RETORT_FULL_CLI, args);
        EXPECT_EQ(answered.status, exit_code::ok) << args << "\n" << answered.output;
        EXPECT_EQ(answered.output, full.output) << args;
      }
    }
  }
}

TEST(front_door, hands_over_what_it_does_not_answer_and_the_result_is_the_full_commands) {
  // An unknown revision, and `head` where the graph has two: errors, which the full command
  // reports.
  for (const auto& args : {std::string("--plugins ") + RETORT_EXAMPLE_PLUGINS + " show nonexistent",
                           std::string("--plugins ") + RETORT_BRANCHY_PLUGINS + " show head",
                           std::string("--plugins ") + RETORT_EXAMPLE_PLUGINS + " heads --help",
                           std::string("--version")}) {
    EXPECT_NE(run(front_door_alone(), args).output.find("the full retort command"),
              std::string::npos)
        << args;
    const auto answered = run(RETORT_CLI, args);
    const auto full = run(RETORT_FULL_CLI, args);
    EXPECT_EQ(answered.status, full.status) << args;
    EXPECT_EQ(answered.output, full.output) << args;
  }
}

TEST(front_door, refusals_come_from_the_full_command_with_its_messages_and_exit_codes) {
  // A plugin directory with a plugin that cannot be loaded, and one that does not exist.
  for (const auto& args : {std::string("--plugins ") + RETORT_BROKEN_PLUGINS + " heads",
                           std::string("--plugins /nonexistent/plugins history")}) {
    const auto answered = run(RETORT_CLI, args);
    const auto full = run(RETORT_FULL_CLI, args);
    EXPECT_EQ(answered.status, full.status) << args;
    EXPECT_EQ(answered.output, full.output) << args;
  }
  const auto missing = run(RETORT_CLI, "--plugins /nonexistent/plugins heads");
  EXPECT_EQ(missing.status, exit_code::refused) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("plugin directory does not exist"));
}

TEST(front_door, loads_no_database_bundle_or_crypto_library) {
  const auto libraries = testing::run("ldd " + testing::shell_quote(RETORT_CLI));
  ASSERT_EQ(libraries.status, 0) << libraries.output;
  for (const auto* library :
       {"libpq", "libpqxx", "libarchive", "libsodium", "libcrypto", "libretort"}) {
    EXPECT_THAT(libraries.output, Not(HasSubstr(library)));
  }
}

TEST(front_door, says_what_is_missing_when_the_full_command_is_not_installed_beside_it) {
  const auto run_alone = run(front_door_alone(), "upgrade head");
  EXPECT_EQ(run_alone.status, exit_code::failure);
  EXPECT_THAT(run_alone.output, HasSubstr("retort-full, the full retort command: No such file or "
                                          "directory; reinstall retort"));
}

}  // namespace
}  // namespace retort
