// Offline and online cannot drift: a `--sql` script applied with psql leaves a database exactly
// as an online run does (schema, version table, data), compared with pg_dump. And `--sql` as a
// user runs it: no connection, refusals with exit codes and nothing on stdout.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
namespace exit_code = cli::exit_code;

struct run_result {
  int status;
  std::string out;
  std::string err;
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs a shell command; stdout and stderr apart.
run_result run(const std::string& command) {
  auto err_file = std::filesystem::temp_directory_path() /
                  ("retort_offline_err_" + std::to_string(getpid()) + ".txt");
  std::string full = command + " 2>" + shell_quote(err_file.string());
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("popen failed");
  }
  std::string out;
  std::array<char, 4096> buffer{};
  while (auto n = fread(buffer.data(), 1, buffer.size(), pipe)) {
    out.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  std::string err = read_file(err_file);
  std::filesystem::remove(err_file);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, err};
}

// The CLI with a clean retort environment plus `env`.
run_result retort(const std::string& args, const std::string& env = "") {
  return run("env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_CONFIG " + env + " " +
             RETORT_CLI + " " + args);
}

std::string example() {
  return std::string("--plugins ") + RETORT_EXAMPLE_PLUGINS;
}
std::string gadgets() {
  return std::string("--plugins ") + RETORT_OFFLINE_BUNDLES + "/gadgets";
}

// Applies a script as a DBA would: psql, stopping at the first error.
void apply_with_psql(const std::string& url, const std::string& script) {
  auto file = std::filesystem::temp_directory_path() /
              ("retort_offline_" + std::to_string(getpid()) + ".sql");
  std::ofstream(file, std::ios::binary) << script;
  auto result = run("psql -X -q -v ON_ERROR_STOP=1 -d " + shell_quote(url) + " -f " +
                    shell_quote(file.string()));
  std::filesystem::remove(file);
  ASSERT_EQ(result.status, 0) << result.err << "\nscript:\n" << script;
}

// Schema and data, without what differs between two databases of one server anyway: comments,
// and values of `DEFAULT now()` columns.
std::string dump(const std::string& url) {
  // Nor retort's audit tables (docs/architecture.md#tables): online runs keep them, scripts do
  // not write them.
  auto result = run("psql -q -X -v ON_ERROR_STOP=1 -d " + shell_quote(url) +
                    " -c 'DROP TABLE IF EXISTS alembic_version_history, "
                    "alembic_version_in_progress; DROP FUNCTION IF EXISTS "
                    "alembic_version_history_refuse()'");
  EXPECT_EQ(result.status, 0) << result.err;
  result = run("pg_dump --no-owner --no-privileges -d " + shell_quote(url));
  EXPECT_EQ(result.status, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  std::string out;
  while (std::getline(lines, line)) {
    // Comments, and the random key of pg_dump's \restrict guard (15.14+).
    if (line.rfind("--", 0) == 0 || line.rfind("\\restrict", 0) == 0 ||
        line.rfind("\\unrestrict", 0) == 0) {
      continue;
    }
    out += line + "\n";
  }
  static const std::regex timestamp(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d)");
  return std::regex_replace(out, timestamp, "<timestamp>");
}

std::string script_of(const std::string& bundle, const std::string& verb_and_range) {
  auto result = retort(bundle + " " + verb_and_range + " --sql");
  EXPECT_EQ(result.status, exit_code::ok) << result.err;
  return result.out;
}

void online(const std::string& url, const std::string& bundle, const std::string& verb_and_target) {
  auto result = retort("--url " + shell_quote(url) + " " + bundle + " " + verb_and_target);
  ASSERT_EQ(result.status, exit_code::ok) << result.out << result.err;
}

void expect_same_as_online(const std::string& bundle, const std::string& target,
                           const std::string& down_range, const std::string& down_target) {
  auto offline_url = testing::fresh_database_url();
  auto online_url = testing::fresh_database_url();

  ASSERT_NO_FATAL_FAILURE(apply_with_psql(offline_url, script_of(bundle, "upgrade " + target)));
  ASSERT_NO_FATAL_FAILURE(online(online_url, bundle, "upgrade " + target));
  auto up = dump(online_url);
  EXPECT_THAT(up, HasSubstr("CREATE TABLE public.alembic_version"));
  EXPECT_EQ(dump(offline_url), up);

  ASSERT_NO_FATAL_FAILURE(
      apply_with_psql(offline_url, script_of(bundle, "downgrade " + down_range)));
  ASSERT_NO_FATAL_FAILURE(online(online_url, bundle, "downgrade " + down_target));
  auto down = dump(online_url);
  EXPECT_EQ(dump(offline_url), down);
}

TEST(no_drift, the_example_bundle_up_to_head_and_down_to_base) {
  expect_same_as_online(example(), "head", "head:base", "base");
}

// Hostile values in bulk_insert, a non-transactional step, a merge: the data comes back equal.
TEST(no_drift, the_gadgets_bundle_with_hostile_literals) {
  auto offline_url = testing::fresh_database_url();
  apply_with_psql(offline_url, script_of(gadgets(), "upgrade head"));
  auto online_url = testing::fresh_database_url();
  online(online_url, gadgets(), "upgrade head");
  auto up = dump(online_url);
  EXPECT_THAT(up, HasSubstr("Zoë; DROP TABLE gadgets; --"));
  EXPECT_EQ(dump(offline_url), up);
  EXPECT_NO_FATAL_FAILURE(expect_same_as_online(gadgets(), "head", "head:base", "base"));
}

TEST(no_drift, a_downgrade_range_in_the_middle) {
  auto offline_url = testing::fresh_database_url();
  auto online_url = testing::fresh_database_url();
  online(offline_url, example(), "upgrade head");
  online(online_url, example(), "upgrade head");
  apply_with_psql(offline_url, script_of(example(), "downgrade 8b0d2f4a6c78:4d6f8b0c2e34"));
  online(online_url, example(), "downgrade 4d6f8b0c2e34");
  EXPECT_EQ(dump(offline_url), dump(online_url));
}

TEST(offline_cli, sql_never_connects_even_with_an_unreachable_url) {
  for (const std::string& env : {std::string("RETORT_URL=postgresql://u:hunter2@127.0.0.1:1/none"),
                                 std::string("DATABASE_URL=not-a-url")}) {
    auto up = retort(example() + " upgrade head --sql", env);
    EXPECT_EQ(up.status, exit_code::ok) << up.err;
    EXPECT_THAT(up.out, StartsWith("CREATE TABLE IF NOT EXISTS \"alembic_version\""));
    EXPECT_EQ(up.err, "");
  }
  auto flag = retort("--url postgresql://u:hunter2@127.0.0.1:1/none " + example() +
                     " downgrade head:base --sql");
  EXPECT_EQ(flag.status, exit_code::ok) << flag.err;
  EXPECT_THAT(flag.out, StartsWith("-- Running downgrade 8b0d2f4a6c78 -> 7a9c1e3f5b67"));
  auto stamp =
      retort("--url postgresql://u:hunter2@127.0.0.1:1/none " + example() + " stamp head --sql");
  EXPECT_EQ(stamp.status, exit_code::ok) << stamp.err;
  EXPECT_THAT(stamp.out, HasSubstr("INSERT INTO \"alembic_version\" (version_num) VALUES "
                                   "('8b0d2f4a6c78');\n\nCOMMIT;\n\n"));
}

TEST(offline_cli, refusals_print_nothing_on_stdout) {
  struct refusal {
    std::string args;
    int status;
    std::string message;
  };
  std::string meta = std::string("--plugins ") + RETORT_OFFLINE_BUNDLES + "/meta_command";
  for (const auto& r : std::vector<refusal>{
           {example() + " downgrade base --sql", exit_code::usage,
            "error: downgrade with --sql needs the revision to start from: write START:base"},
           {example() + " upgrade a:b:c --sql", exit_code::usage,
            "error: `a:b:c` is not a range: write START:END"},
           {example() + " upgrade :head --sql", exit_code::usage, "is not a range"},
           {example() + " upgrade ffff:head --sql", exit_code::refused, "ffff"},
           {example() + " upgrade 1f3e:ffff --sql", exit_code::refused, "ffff"},
           {example() + " stamp head --purge --sql", exit_code::usage,
            "--purge cannot be used with --sql"},
           {meta + " upgrade head --sql", exit_code::refused, "upgrade of revision e5000000000e ("},
           {example() + " --url postgresql://u@127.0.0.1:1/none upgrade 1f3e:head",
            exit_code::usage, "error: the range 1f3e:head works only with --sql"},
       }) {
    auto result = retort(r.args);
    EXPECT_EQ(result.status, r.status) << r.args << "\n" << result.err;
    EXPECT_EQ(result.out, "") << r.args;
    EXPECT_THAT(result.err, HasSubstr(r.message)) << r.args;
  }
}

}  // namespace
}  // namespace retort
