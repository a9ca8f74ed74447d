// The `retort` command as a user runs it: output, exit codes, configuration, secrets.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "pg/session.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace exit_code = cli::exit_code;

struct run_result {
  int status;
  std::string output;  // stdout and stderr together
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

// Runs the CLI with a clean retort environment plus `env`, in `directory`.
run_result retort_cli(const std::string& args, const std::string& env = "",
                      const std::string& directory = ".") {
  std::string command =
      "cd " + shell_quote(directory) +
      " && env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_CONFIG " + env + " " +
      RETORT_CLI + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("popen failed");
  }
  std::string output;
  std::array<char, 4096> buffer{};
  while (auto n = fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string plugins_flag() {
  return std::string("--plugins ") + RETORT_EXAMPLE_PLUGINS;
}

TEST(cli, upgrade_prints_each_step_like_alembic_and_current_shows_the_head) {
  auto url = testing::fresh_database_url();
  auto up = retort_cli("--url " + shell_quote(url) + " " + plugins_flag() + " upgrade head");
  ASSERT_EQ(up.status, exit_code::ok) << up.output;
  EXPECT_THAT(up.output, HasSubstr("Running upgrade  -> 1f3e5a7c9b01, create products table ("));
  EXPECT_THAT(up.output, HasSubstr("Running upgrade 7a9c1e3f5b67 -> 8b0d2f4a6c78, make alcohol "
                                   "not null ("));

  auto current = retort_cli("--url " + shell_quote(url) + " " + plugins_flag() + " current");
  EXPECT_EQ(current.status, exit_code::ok);
  EXPECT_EQ(current.output, "8b0d2f4a6c78 (head)\n");

  auto down = retort_cli("--url " + shell_quote(url) + " " + plugins_flag() + " downgrade -1");
  EXPECT_EQ(down.status, exit_code::ok) << down.output;
  EXPECT_THAT(down.output, HasSubstr("Running downgrade 8b0d2f4a6c78 -> 7a9c1e3f5b67"));
}

TEST(cli, history_lists_newest_first_with_markers) {
  auto history = retort_cli(plugins_flag() + " history");
  ASSERT_EQ(history.status, exit_code::ok) << history.output;
  EXPECT_THAT(history.output,
              HasSubstr("7a9c1e3f5b67 -> 8b0d2f4a6c78 (head), make alcohol not null\n"));
  EXPECT_THAT(history.output, HasSubstr("3c5e7a9b1d23, 4d6f8b0c2e34 -> 5e7a9c1d3f45 (mergepoint), "
                                        "merge price index and producers branches\n"));
  EXPECT_THAT(history.output,
              HasSubstr("1f3e5a7c9b01 -> 2b4d6f8a0c12 (branchpoint), index product names"));
  EXPECT_THAT(history.output,
              HasSubstr("<base> -> 1f3e5a7c9b01 (catalogue), create products table\n"));
  EXPECT_LT(history.output.find("8b0d2f4a6c78"), history.output.find("1f3e5a7c9b01 ("));
}

TEST(cli, heads_needs_no_database) {
  auto heads = retort_cli(plugins_flag() + " heads");
  EXPECT_EQ(heads.status, exit_code::ok);
  EXPECT_EQ(heads.output, "8b0d2f4a6c78 (head)\n");
}

TEST(cli, branches_lists_each_branch_point_with_its_children) {
  auto run = retort_cli(plugins_flag() + " branches");
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_EQ(run.output,
            "2b4d6f8a0c12 (branchpoint)\n"
            "             -> 3c5e7a9b1d23\n"
            "             -> 4d6f8b0c2e34\n\n");
}

TEST(cli, show_prints_alembics_log_entry) {
  auto run = retort_cli(plugins_flag() + " show 5e7a");
  ASSERT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Rev: 5e7a9c1d3f45 (mergepoint)\n"
                                    "Merges: 3c5e7a9b1d23, 4d6f8b0c2e34\n"
                                    "Path: "));
  EXPECT_THAT(run.output, HasSubstr("\n    merge price index and producers branches\n"));
  auto labelled = retort_cli(plugins_flag() + " show catalogue");
  EXPECT_THAT(labelled.output, HasSubstr("Rev: 1f3e5a7c9b01\nParent: <base>\nBranch names: "
                                         "catalogue\n"));
}

TEST(cli, current_check_heads_fails_until_the_database_is_at_head) {
  auto url = testing::fresh_database_url();
  auto args = "--url " + shell_quote(url) + " " + plugins_flag();
  retort_cli(args + " upgrade 6f8b");
  auto behind = retort_cli(args + " current --check-heads");
  EXPECT_EQ(behind.status, exit_code::not_at_head);
  EXPECT_THAT(behind.output, HasSubstr("not at head"));
  retort_cli(args + " upgrade head");
  EXPECT_EQ(retort_cli(args + " current --check-heads").status, exit_code::ok);
}

TEST(cli, stamp_moves_the_version_table_without_running_anything) {
  auto url = testing::fresh_database_url();
  auto args = "--url " + shell_quote(url) + " " + plugins_flag();
  auto stamped = retort_cli(args + " stamp 2b4d6f8a0c12");
  EXPECT_EQ(stamped.status, exit_code::ok) << stamped.output;
  EXPECT_THAT(stamped.output, HasSubstr("Stamped 2b4d6f8a0c12"));
  EXPECT_EQ(retort_cli(args + " current").output, "2b4d6f8a0c12 (branchpoint)\n");
  // Nothing ran: upgrading from the stamp fails on the missing products table.
  auto up = retort_cli(args + " upgrade 3c5e7a9b1d23");
  EXPECT_EQ(up.status, exit_code::failure);
  EXPECT_THAT(up.output, HasSubstr("42P01"));
  auto purge = retort_cli(args + " stamp --purge base");
  EXPECT_EQ(purge.status, exit_code::ok) << purge.output;
  // No revision left; the failed step is non-transactional, and its in-progress marker outlives
  // the stamp: only `retort resolve` clears it.
  EXPECT_THAT(retort_cli(args + " current").output,
              ::testing::StartsWith("In progress: 3c5e7a9b1d23 (upgrade started at "));
}

TEST(cli, url_comes_from_the_environment_when_no_flag_is_given) {
  auto url = testing::fresh_database_url();
  auto run =
      retort_cli(plugins_flag() + " upgrade 1f3e5a7c9b01", "DATABASE_URL=" + shell_quote(url));
  EXPECT_EQ(run.status, exit_code::ok) << run.output;
  // RETORT_URL wins over DATABASE_URL.
  auto current = retort_cli(plugins_flag() + " current", "RETORT_URL=" + shell_quote(url) +
                                                             " DATABASE_URL=postgresql:///nowhere");
  EXPECT_EQ(current.status, exit_code::ok) << current.output;
  EXPECT_EQ(current.output, "1f3e5a7c9b01\n");  // as Alembic: `current` shows no labels
}

TEST(cli, retort_toml_supplies_url_and_plugins_relative_to_itself) {
  auto url = testing::fresh_database_url();
  auto dir = std::filesystem::temp_directory_path() / ("retort-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "nested");
  auto relative_plugins = std::filesystem::relative(RETORT_EXAMPLE_PLUGINS, dir).string();
  std::ofstream(dir / "retort.toml")
      << "url = \"" << url << "\"\nplugins = \"" << relative_plugins << "\"\n";
  auto run = retort_cli("upgrade head", "", dir.string());
  EXPECT_EQ(run.status, exit_code::ok) << run.output;
  auto elsewhere = retort_cli("-c " + (dir / "retort.toml").string() + " current", "",
                              (dir / "nested").string());
  EXPECT_EQ(elsewhere.output, "8b0d2f4a6c78 (head)\n");
  std::filesystem::remove_all(dir);
}

TEST(cli, a_malformed_config_file_is_named_with_its_line) {
  auto dir =
      std::filesystem::temp_directory_path() / ("retort-badcfg-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "retort.toml") << "url = \"x\"\nplugins = [unterminated\n";
  auto run = retort_cli("heads", "", dir.string());
  EXPECT_EQ(run.status, exit_code::usage);
  EXPECT_THAT(run.output, HasSubstr("retort.toml:2"));
  std::filesystem::remove_all(dir);
}

TEST(cli, missing_url_is_a_usage_error_that_says_where_to_put_it) {
  auto run = retort_cli(plugins_flag() + " upgrade head");
  EXPECT_EQ(run.status, exit_code::usage);
  EXPECT_THAT(run.output, HasSubstr("error: no database URL"));
  EXPECT_THAT(run.output, HasSubstr("RETORT_URL"));
}

TEST(cli, a_malformed_url_is_a_usage_error_not_a_database_failure) {
  for (const char* url : {"'postgresql://u:pw-secret@[::1/db'",
                          "'postgresql:///db?no_such_option=1&password=pw-secret'"}) {
    auto run = retort_cli(plugins_flag() + " --url " + url + " current");
    EXPECT_EQ(run.status, exit_code::usage) << run.output;
    EXPECT_THAT(run.output, HasSubstr("error: the database URL"));
    EXPECT_THAT(run.output, HasSubstr("is malformed"));
    EXPECT_THAT(run.output, Not(HasSubstr("pw-secret")));
  }
}

TEST(cli, a_bad_target_is_refused_with_the_reason) {
  auto run = retort_cli(plugins_flag() + " --url postgresql:///unused upgrade ffffffff");
  EXPECT_EQ(run.status, exit_code::refused);
  EXPECT_THAT(run.output, HasSubstr("Can't locate revision identified by 'ffffffff'"));
}

TEST(cli, a_missing_plugin_directory_is_refused_before_connecting) {
  auto run = retort_cli("--plugins /no/such/dir --url postgresql:///unused upgrade head");
  EXPECT_EQ(run.status, exit_code::refused);
  EXPECT_THAT(run.output, HasSubstr("/no/such/dir"));
}

TEST(cli, a_password_never_reaches_the_terminal) {
  std::string url = "postgresql://nobody:hunter2-secret@/no_such_db?host=" + testing::socket_dir();
  for (const auto& args : {"--url " + shell_quote(url) + " " + plugins_flag() + " upgrade head",
                           "--url " + shell_quote(url) + " " + plugins_flag() + " current"}) {
    auto run = retort_cli(args);
    EXPECT_EQ(run.status, exit_code::failure) << run.output;
    EXPECT_THAT(run.output, HasSubstr("error: "));
    EXPECT_THAT(run.output, Not(HasSubstr("hunter2-secret")));
  }
  auto from_env = retort_cli(plugins_flag() + " current", "DATABASE_URL=" + shell_quote(url));
  EXPECT_THAT(from_env.output, Not(HasSubstr("hunter2-secret")));
}

// The three ways to give a password, for a fresh database of the test server (which trusts its
// socket, so the password is accepted and ignored): userinfo, query parameter, keyword form.
std::vector<std::string> urls_with_password(const std::string& password) {
  const auto url = testing::fresh_database_url();  // postgresql:///NAME?host=DIR&user=postgres
  const auto name_begin = std::string("postgresql:///").size();
  const auto name = url.substr(name_begin, url.find('?') - name_begin);
  return {
      "postgresql://postgres:" + password + "@/" + url.substr(name_begin),
      url + "&password=" + password,
      "host=" + testing::socket_dir() + " dbname=" + name + " user=postgres password='" + password +
          "'",
  };
}

TEST(cli, a_password_in_any_form_stays_off_the_terminal_of_a_verbose_run) {
  constexpr const char* secret = "hunter2-secret";
  for (const auto& url : urls_with_password(secret)) {
    for (const char* command :
         {"upgrade head", "current --verbose", "history --verbose --indicate-current",
          "downgrade -1", "stamp head", "upgrade head --sql"}) {
      auto run = retort_cli("--url " + shell_quote(url) + " " + plugins_flag() + " " + command);
      EXPECT_EQ(run.status, exit_code::ok) << url << " " << command << "\n" << run.output;
      EXPECT_THAT(run.output, Not(HasSubstr("hunter2"))) << url << " " << command;
    }
  }
}

TEST(cli, a_password_in_any_form_stays_out_of_connection_errors) {
  constexpr const char* secret = "hunter2-secret";
  const std::string socket = testing::socket_dir();
  const std::vector<std::string> failing = {
      // Nothing listens on port 1: connection refused.
      "postgresql://nobody:hunter2-secret@127.0.0.1:1/db?connect_timeout=5",
      "host=127.0.0.1 port=1 user=nobody password=hunter2-secret connect_timeout=5",
      "host=127.0.0.1 port=1 user=nobody password = 'hunter2-secret' connect_timeout=5",
      "postgresql://127.0.0.1:1/db?user=nobody&password=hunter2-secret&connect_timeout=5",
      // Percent-encoded: libpq decodes it, and a server message would show it decoded.
      "postgresql://nobody:hunter%32-secret@127.0.0.1:1/db?connect_timeout=5",
      // A database that does not exist on the real server.
      "postgresql://postgres:hunter2-secret@/no_such_db?host=" + socket,
      "host=" + socket + " dbname=no_such_db user=postgres password=hunter2-secret",
      // Malformed: libpq quotes the whole URI back in its message.
      "postgresql://nobody:hunter2-secret@[::1/db",
      // Unencoded '/' and '@': libpq reads part of the password as a port (which is not a
      // number: malformed) or a host name.
      "postgresql://nobody:hunter2/secret@127.0.0.1:1/db",
      "postgresql://nobody:hunter2@secret@127.0.0.1:1/db",
      "postgresql://nobody:hunter2-secret@/db?host=" + socket + "&no_such_option=1",
      "host=" + socket + " password=hunter2-secret no_such_option=1",
  };
  // What libpq cannot read at all is a configuration error (exit 2), refused before connecting.
  const auto malformed = [](const std::string& url) {
    return url.find("[::1/") != std::string::npos ||
           url.find("no_such_option") != std::string::npos ||
           url.find("hunter2/secret") != std::string::npos;
  };
  for (const auto& url : failing) {
    for (const char* command : {"upgrade head", "current --verbose", "stamp head"}) {
      auto run = retort_cli("--url " + shell_quote(url) + " " + plugins_flag() + " " + command);
      EXPECT_EQ(run.status, malformed(url) ? exit_code::usage : exit_code::failure)
          << url << " " << command << "\n"
          << run.output;
      EXPECT_THAT(run.output, HasSubstr("error: ")) << url;
      EXPECT_THAT(run.output, Not(HasSubstr("hunter2"))) << url << " " << command;
    }
  }
  // From the environment and from retort.toml, too.
  const std::string url = failing.front();
  auto from_env = retort_cli(plugins_flag() + " current -v", "RETORT_URL=" + shell_quote(url));
  EXPECT_EQ(from_env.status, exit_code::failure);
  EXPECT_THAT(from_env.output, Not(HasSubstr(secret)));
  auto dir = std::filesystem::temp_directory_path() / ("retort-pw-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "retort.toml")
      << "url = \"" << url << "\"\nplugins = \"" << RETORT_EXAMPLE_PLUGINS << "\"\n";
  auto from_file = retort_cli("upgrade head", "", dir.string());
  EXPECT_EQ(from_file.status, exit_code::failure);
  EXPECT_THAT(from_file.output, Not(HasSubstr(secret)));
  std::filesystem::remove_all(dir);
}

TEST(cli, a_plugin_directory_others_may_write_is_refused_with_the_fix) {
  auto dir = std::filesystem::temp_directory_path() / ("retort-gw-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(RETORT_EXAMPLE_PLUGINS)) {
    std::filesystem::copy(entry.path(), dir / entry.path().filename());
  }
  std::filesystem::permissions(dir, std::filesystem::perms(0775));
  const auto canonical = std::filesystem::canonical(dir).string();
  auto run = retort_cli("--plugins " + dir.string() + " --url postgresql:///unused upgrade head");
  EXPECT_EQ(run.status, exit_code::refused);
  EXPECT_THAT(run.output, HasSubstr("error: " + canonical +
                                    ": plugin directory is writable by "
                                    "its group (mode 0775)"));
  EXPECT_THAT(run.output, HasSubstr("run `chmod go-w " + canonical + "`"));
  std::filesystem::permissions(dir, std::filesystem::perms(0755));
  EXPECT_EQ(retort_cli("--plugins " + dir.string() + " heads").status, exit_code::ok);
  std::filesystem::remove_all(dir);
}

TEST(cli, a_failed_migration_exits_non_zero_naming_revision_statement_and_sqlstate) {
  auto url = testing::fresh_database_url();
  auto run = retort_cli("--url " + shell_quote(url) + " --plugins " + RETORT_TEST_BUNDLES +
                        "/fails_in_sql upgrade head");
  EXPECT_EQ(run.status, exit_code::failure);
  EXPECT_THAT(run.output, HasSubstr("Running upgrade  -> aaaa00000001"));
  EXPECT_THAT(run.output, HasSubstr("aaaa00000002"));
  EXPECT_THAT(run.output, HasSubstr("SQLSTATE: 42P01"));
  EXPECT_THAT(run.output, HasSubstr("statement: INSERT INTO no_such_table"));
}

// Nothing a migration, a version-table row or a history row holds reaches the terminal as a
// control character: no forged line, no overwritten line, no escape sequence.
class control_characters : public ::testing::Test {
 protected:
  static void expect_harmless(const run_result& run) {
    EXPECT_EQ(run.output.find('\r'), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find('\x1b'), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find("\xc2\x9b"), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find("\nerror: forged"), std::string::npos) << run.output;
  }
  std::string url_ = testing::fresh_database_url();
  std::string args_ = "--url " + shell_quote(url_) + " --plugins " +
                      std::string(RETORT_TEST_BUNDLES) + "/control_characters ";
};

TEST_F(control_characters, in_a_migration_message_are_escaped_wherever_it_is_printed) {
  auto up = retort_cli(args_ + "upgrade head");
  ASSERT_EQ(up.status, exit_code::ok) << up.output;
  expect_harmless(up);
  EXPECT_THAT(up.output,
              HasSubstr("rename\\nerror: forged line\\roverwritten \\x1b[31mred\\u009b"));

  for (const char* command :
       {"history", "history -v", "heads -v", "show aaaa00000007", "current -v", "log -v"}) {
    auto run = retort_cli(args_ + command);
    EXPECT_EQ(run.status, exit_code::ok) << command << ": " << run.output;
    expect_harmless(run);
  }
}

TEST_F(control_characters, in_a_version_table_row_are_escaped_in_the_error) {
  ASSERT_EQ(retort_cli(args_ + "upgrade aaaa00000001").status, exit_code::ok);
  auto db = pg::session::connect(url_);
  db->exec("UPDATE alembic_version SET version_num = E'aaaa00000001\\nerror: forged\\r\\x1b[2J'");
  db->exec(
      "INSERT INTO alembic_version_history (revision, direction, outcome, started_at, "
      "duration_ms, db_user, detail) VALUES (E'x\\ry', 'stamp', 'stamped', now(), 0, "
      "current_user, E'two\\nerror: forged')");

  auto current = retort_cli(args_ + "current");
  EXPECT_NE(current.status, exit_code::ok);
  expect_harmless(current);
  EXPECT_THAT(current.output, HasSubstr("aaaa00000001\\nerror: forged\\r\\x1b[2J"));

  auto log = retort_cli(args_ + "log -v");
  expect_harmless(log);
  EXPECT_THAT(log.output, HasSubstr("two\\nerror: forged"));
}

// The server's own words may carry them too: an event trigger's exception, say.
TEST_F(control_characters, in_a_server_error_are_escaped_in_the_report) {
  ASSERT_EQ(retort_cli(args_ + "upgrade aaaa00000001").status, exit_code::ok);
  auto db = pg::session::connect(url_);
  db->exec(
      "CREATE FUNCTION refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE "
      "EXCEPTION E'refused\\nerror: forged\\r\\x1b[2J'; END $$");
  db->exec("CREATE EVENT TRIGGER refuse_ddl ON ddl_command_start EXECUTE FUNCTION refuse_ddl()");

  auto up = retort_cli(args_ + "upgrade head");

  EXPECT_NE(up.status, exit_code::ok);
  expect_harmless(up);
  EXPECT_THAT(up.output, HasSubstr("refused\\nerror: forged\\r\\x1b[2J"));
  db->exec("DROP EVENT TRIGGER refuse_ddl");
}

TEST(cli, global_options_may_follow_the_verb) {
  auto url = testing::fresh_database_url();
  auto up = retort_cli("upgrade 1f3e5a7c9b01 --url " + shell_quote(url) + " " + plugins_flag());
  EXPECT_EQ(up.status, exit_code::ok) << up.output;
  auto current = retort_cli("current " + plugins_flag() + " --url " + shell_quote(url));
  EXPECT_EQ(current.status, exit_code::ok) << current.output;
  EXPECT_THAT(current.output, HasSubstr("1f3e5a7c9b01"));
  // An option no command knows is still refused.
  auto unknown = retort_cli("heads " + plugins_flag() + " --no-such-option");
  EXPECT_EQ(unknown.status, exit_code::usage);
  EXPECT_THAT(unknown.output, HasSubstr("--no-such-option"));
}

TEST(cli, help_names_the_program) {
  auto help = retort_cli("--help");
  EXPECT_EQ(help.status, exit_code::ok);
  EXPECT_THAT(help.output, HasSubstr("Usage: retort [OPTIONS] SUBCOMMAND"));
}

// `retort lint`: the example bundle indexes, constrains and sets NOT NULL on an existing table
// the way production cannot afford.
TEST(cli, lint_reports_each_finding_with_its_rule_and_fails_on_errors) {
  auto all = retort_cli(plugins_flag() + " lint");
  EXPECT_EQ(all.status, exit_code::lint_failed) << all.output;
  EXPECT_THAT(all.output,
              HasSubstr("8b0d2f4a6c78: error [setting-not-null]: upgrade() operation 1 "
                        "(alter_column products.alcohol): column \"alcohol\" of existing table "
                        "\"products\""));
  EXPECT_THAT(all.output, HasSubstr("    fix: add CHECK (col IS NOT NULL) NOT VALID"));
  EXPECT_THAT(all.output, HasSubstr("linted 8 revisions: 5 errors, 1 warning\n"));

  // One revision: the first creates its tables, so nothing it does can lock a busy one.
  auto first = retort_cli(plugins_flag() + " lint 1f3e5a7c9b01");
  EXPECT_EQ(first.status, exit_code::ok) << first.output;
  EXPECT_EQ(first.output, "linted 1 revision: 0 errors, 0 warnings\n");
}

TEST(cli, lint_levels_come_from_retort_toml) {
  auto dir = std::filesystem::temp_directory_path() / ("retort-lint-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "retort.toml")
      << "plugins = \"" << RETORT_EXAMPLE_PLUGINS << "\"\n[lint]\n"
      << "require-concurrent-index-creation = \"off\"\nconstraint-missing-not-valid = "
         "\"warning\"\nsetting-not-null = \"warning\"\n";
  auto relaxed = retort_cli("lint", "", dir.string());
  EXPECT_EQ(relaxed.status, exit_code::ok) << relaxed.output;
  EXPECT_THAT(relaxed.output, HasSubstr("linted 8 revisions: 0 errors, 4 warnings"));
  EXPECT_EQ(retort_cli("lint --strict", "", dir.string()).status, exit_code::lint_failed);

  std::ofstream(dir / "retort.toml")
      << "plugins = \"" << RETORT_EXAMPLE_PLUGINS << "\"\n[lint]\nno-such-rule = \"off\"\n";
  auto unknown = retort_cli("lint", "", dir.string());
  EXPECT_EQ(unknown.status, exit_code::usage);
  EXPECT_THAT(unknown.output, HasSubstr("retort.toml:3: [lint] names no rule `no-such-rule`"));
  std::filesystem::remove_all(dir);
}

// With `--url`, rules about locks weigh the live tables: the example's freshly created tables are
// far below the project's `small_table`. A URL from retort.toml is never used for that.
TEST(cli, lint_with_a_url_is_silent_on_the_projects_small_tables) {
  auto url = testing::fresh_database_url();
  ASSERT_EQ(retort_cli("--url " + shell_quote(url) + " " + plugins_flag() + " upgrade head").status,
            exit_code::ok);
  auto dir =
      std::filesystem::temp_directory_path() / ("retort-lint-url-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "retort.toml") << "plugins = \"" << RETORT_EXAMPLE_PLUGINS << "\"\nurl = \""
                                     << url << "\"\n[lint]\nsmall_table = \"1 MB\"\n";
  auto weighed = retort_cli("lint --url " + shell_quote(url), "", dir.string());
  EXPECT_EQ(weighed.status, exit_code::ok) << weighed.output;
  EXPECT_THAT(weighed.output, HasSubstr("linted 8 revisions: 0 errors, 1 warning\n"));
  EXPECT_THAT(weighed.output, HasSubstr("[ban-char-field]"));  // not about locks

  auto from_file = retort_cli("lint", "", dir.string());
  EXPECT_EQ(from_file.status, exit_code::lint_failed) << from_file.output;
  EXPECT_THAT(from_file.output, HasSubstr("linted 8 revisions: 5 errors, 1 warning\n"));

  std::ofstream(dir / "retort.toml") << "plugins = \"" << RETORT_EXAMPLE_PLUGINS
                                     << "\"\n[lint]\nsmall_table = \"ten megabytes\"\n";
  auto bad = retort_cli("lint", "", dir.string());
  EXPECT_EQ(bad.status, exit_code::usage);
  EXPECT_THAT(bad.output, HasSubstr("retort.toml:3: lint.small_table must be a size"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace retort
