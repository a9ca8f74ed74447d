// The `retort` program answers the graph verbs itself, without the database client or the
// bundle libraries, and `current` with the database client loaded for it alone, exactly as the
// full command would; everything else it hands over whole.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "support/postgres_server.hpp"
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

// A directory of this process's own, removed when it exits.
struct private_directory {
  std::filesystem::path path = std::filesystem::path(::testing::TempDir()) /
                               ("front_door_alone." + std::to_string(::getpid()));
  ~private_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// A copy of the front door, with its modules (the database reader and the offline script
// writer) but no retort-full beside it: what it prints, it answered itself. Made again each time:
// never one from an earlier build, nor one another test process is writing.
std::string front_door_alone() {
  static const private_directory directory;
  const auto program = directory.path / "bin" / "retort";
  std::filesystem::create_directories(program.parent_path());
  std::filesystem::copy_file(RETORT_CLI, program,
                             std::filesystem::copy_options::overwrite_existing);
  for (const auto& [built, relative] :
       {std::pair{RETORT_DATABASE_HEADS, RETORT_DATABASE_HEADS_FROM_BINDIR},
        std::pair{RETORT_OFFLINE_SCRIPT, RETORT_OFFLINE_SCRIPT_FROM_BINDIR}}) {
    const auto module = program.parent_path() / relative;
    std::filesystem::create_directories(module.parent_path());
    std::filesystem::copy_file(built, module, std::filesystem::copy_options::overwrite_existing);
  }
  return program.string();
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

// `args` as both answer it: the front door by itself, and the full command.
void expect_current_as_the_full_command(const std::string& args) {
  const auto answered = run(front_door_alone(), args);
  const auto full = run(RETORT_FULL_CLI, args);
  EXPECT_THAT(answered.output, Not(HasSubstr("the full retort command"))) << args;
  EXPECT_EQ(answered.status, full.status) << args << "\n" << answered.output;
  EXPECT_EQ(answered.output, full.output) << args;
}

TEST(front_door, answers_current_itself_as_the_full_command_does) {
  const auto url = testing::fresh_database_url();
  const auto args = "--url " + testing::shell_quote(url) + " --plugins " +
                    testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " ";
  // A version table elsewhere is read where the full command reads it: there is none there.
  const auto lines = {"current", "current -v", "current --check-heads", "current --verbose",
                      "--version-table=applied --version-table-schema ops current"};
  // No version table yet, then a branch point, then every head.
  for (const auto& stamp : {"", "stamp 2b4d6f8a0c12", "stamp heads"}) {
    if (*stamp != '\0') {
      ASSERT_EQ(run(RETORT_FULL_CLI, args + stamp).status, exit_code::ok) << stamp;
    }
    for (const auto& line : lines) {
      expect_current_as_the_full_command(args + line);
    }
  }
  const auto at_heads = run(front_door_alone(), args + "current --check-heads");
  EXPECT_EQ(at_heads.status, exit_code::ok) << at_heads.output;
  EXPECT_THAT(at_heads.output, HasSubstr("(head)"));
  // A non-transactional step that failed leaves its in-progress marker, which `current` reports.
  ASSERT_EQ(run(RETORT_FULL_CLI, args + "stamp --purge 2b4d6f8a0c12").status, exit_code::ok);
  ASSERT_EQ(run(RETORT_FULL_CLI, args + "upgrade 3c5e7a9b1d23").status, exit_code::failure);
  const auto marked = run(front_door_alone(), args + "current --check-heads");
  EXPECT_EQ(marked.status, exit_code::not_at_head);
  EXPECT_THAT(marked.output, HasSubstr("In progress: 3c5e7a9b1d23 (upgrade started at "));
  EXPECT_THAT(marked.output, HasSubstr("The database is not at head: it is at 2b4d6f8a0c12"));
  for (const auto& line : lines) {
    expect_current_as_the_full_command(args + line);
  }
}

TEST(front_door, answers_current_for_a_version_table_without_retort_beside_it) {
  // As Alembic leaves a database: its version table, none of retort's tables beside it.
  const auto url = testing::fresh_database_url();
  ASSERT_EQ(
      testing::run("psql -X -q " + testing::shell_quote(url) + " -c " +
                   testing::shell_quote("CREATE TABLE alembic_version (version_num varchar(32) "
                                        "PRIMARY KEY); INSERT INTO alembic_version VALUES "
                                        "('2b4d6f8a0c12')"))
          .status,
      0);
  const auto args = "--url " + testing::shell_quote(url) + " --plugins " +
                    testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " ";
  for (const auto& line : {"current", "current -v", "current --check-heads"}) {
    expect_current_as_the_full_command(args + line);
  }
  const auto answered = run(front_door_alone(), args + "current");
  EXPECT_EQ(answered.status, exit_code::ok) << answered.output;
  EXPECT_THAT(answered.output, HasSubstr("2b4d6f8a0c12"));
  EXPECT_THAT(answered.output, Not(HasSubstr("In progress")));
}

TEST(front_door, says_itself_that_the_server_cannot_be_reached_as_the_full_command_does) {
  // No server listens there: said once, by the front door, so an operator waits once.
  const auto args = std::string("--url 'postgresql://me:s3cret@/db?host=/nonexistent/socket' ") +
                    "--plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " current";
  expect_current_as_the_full_command(args);
  const auto answered = run(front_door_alone(), args);
  EXPECT_EQ(answered.status, exit_code::failure);
  EXPECT_THAT(answered.output, HasSubstr("cannot connect to"));
  EXPECT_THAT(answered.output, Not(HasSubstr("s3cret")));
}

TEST(front_door, hands_current_over_when_the_database_disagrees_with_the_plugins) {
  const auto url = testing::fresh_database_url();
  const auto args = "--url " + testing::shell_quote(url) + " --plugins " +
                    testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " ";
  ASSERT_EQ(run(RETORT_FULL_CLI, args + "stamp heads").status, exit_code::ok);
  ASSERT_EQ(testing::run("psql -q -X " + testing::shell_quote(url) +
                         " -c \"UPDATE alembic_version SET version_num = 'ffffffffffff'\"")
                .status,
            0);
  // A revision no plugin declares: the full command's refusal, word for word.
  const auto answered = run(front_door_alone(), args + "current");
  EXPECT_THAT(answered.output, HasSubstr("the full retort command")) << answered.output;
  const auto through = run(RETORT_CLI, args + "current");
  const auto full = run(RETORT_FULL_CLI, args + "current");
  EXPECT_EQ(through.status, full.status);
  EXPECT_EQ(through.output, full.output);
  EXPECT_NE(full.status, exit_code::ok);
  // Without a URL, the full command says where one may come from.
  const auto no_url =
      run(RETORT_CLI, "--plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " current");
  EXPECT_EQ(no_url.status, exit_code::usage);
  EXPECT_THAT(no_url.output, HasSubstr("no database URL"));
}

TEST(front_door, writes_offline_scripts_itself_byte_for_byte_as_the_full_command_does) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {RETORT_EXAMPLE_PLUGINS,
       {"upgrade head --sql", "upgrade --sql heads", "upgrade base:head --sql",
        "upgrade 2b4d6f8a0c12 --sql", "upgrade 2b4d6f8a0c12:heads --sql",
        "downgrade heads:base --sql", "downgrade heads:2b4d6f8a0c12 --sql",
        "--version-table=applied --version-table-schema ops upgrade heads --sql"}},
      {RETORT_BRANCHY_PLUGINS,
       {"upgrade heads --sql", "downgrade heads:base --sql", "upgrade base:heads --sql",
        "--single-transaction upgrade heads --sql", "upgrade heads --sql --single-transaction"}}};
  const auto alone = front_door_alone();
  for (const auto& [directory, lines] : cases) {
    for (const auto& line : lines) {
      const auto args = "--plugins " + testing::shell_quote(directory) + " " + line;
      const auto answered = run(alone, args);
      const auto full = run(RETORT_FULL_CLI, args);
      EXPECT_EQ(answered.status, exit_code::ok) << args << "\n" << answered.output;
      EXPECT_EQ(full.status, exit_code::ok) << args << "\n" << full.output;
      EXPECT_THAT(answered.output, HasSubstr("COMMIT;")) << args;
      EXPECT_EQ(answered.output, full.output) << args;
    }
  }
}

TEST(front_door, hands_offline_scripts_it_cannot_write_to_the_full_command) {
  const auto plugins = "--plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " ";
  // No start for a downgrade, a target no plugin declares, a range that needs the database, a
  // non-transactional migration in a single transaction, a broken plugin, and `--sql` not
  // given: the full command's words and exit codes.
  for (const auto& args :
       {plugins + "downgrade base --sql", plugins + "upgrade ffffffffffff --sql",
        plugins + "upgrade current:head --sql",
        plugins + "--single-transaction upgrade heads --sql", plugins + "upgrade head",
        "--plugins " + testing::shell_quote(RETORT_BROKEN_PLUGINS) + " upgrade heads --sql"}) {
    EXPECT_THAT(run(front_door_alone(), args).output, HasSubstr("the full retort command")) << args;
    const auto answered = run(RETORT_CLI, args);
    const auto full = run(RETORT_FULL_CLI, args);
    EXPECT_NE(full.status, exit_code::ok) << args;
    EXPECT_EQ(answered.status, full.status) << args;
    EXPECT_EQ(answered.output, full.output) << args;
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

#if RETORT_SELF_CONTAINED_FRONT_DOOR
// What it needs of the C++ runtime, fmt and toml++ is inside it: loading those libraries cost
// more than the graph verbs' own work on a small project.
TEST(front_door, self_contained_it_loads_no_cxx_library) {
  const auto libraries = testing::run("ldd " + testing::shell_quote(RETORT_CLI));
  ASSERT_EQ(libraries.status, 0) << libraries.output;
  for (const auto* library : {"libstdc++", "libgcc_s", "libfmt", "libtomlplusplus"}) {
    EXPECT_THAT(libraries.output, Not(HasSubstr(library)));
  }
  EXPECT_THAT(libraries.output, HasSubstr("libc.so"));
  // Nor does it lend its C++ runtime to the libstdc++.so its modules bring.
  const auto exported = testing::run("nm -D --defined-only " + testing::shell_quote(RETORT_CLI));
  ASSERT_EQ(exported.status, 0) << exported.output;
  for (const auto* prefix : {" _Z", " __cxa", " _Unwind", " __gxx"}) {
    EXPECT_THAT(exported.output, Not(HasSubstr(prefix))) << exported.output;
  }
}
#endif

TEST(front_door, hands_offline_scripts_over_when_their_module_is_not_installed) {
  // The front door alone, without offline-script.so beside it: it hands the line over (and, with
  // no retort-full there either, says that one is missing) rather than writing anything itself.
  const auto alone = std::filesystem::path(front_door_alone());
  std::filesystem::remove(alone.parent_path() / RETORT_OFFLINE_SCRIPT_FROM_BINDIR);
  const auto without_module =
      run(alone.string(),
          "--plugins " + testing::shell_quote(RETORT_EXAMPLE_PLUGINS) + " upgrade head --sql");
  EXPECT_EQ(without_module.status, exit_code::failure);
  EXPECT_THAT(without_module.output, HasSubstr("retort-full, the full retort command"));
  EXPECT_THAT(without_module.output, Not(HasSubstr("CREATE TABLE")));
}

TEST(front_door, says_what_is_missing_when_the_full_command_is_not_installed_beside_it) {
  const auto run_alone = run(front_door_alone(), "upgrade head");
  EXPECT_EQ(run_alone.status, exit_code::failure);
  EXPECT_THAT(run_alone.output, HasSubstr("retort-full, the full retort command: No such file or "
                                          "directory; reinstall retort"));
}

}  // namespace
}  // namespace retort
