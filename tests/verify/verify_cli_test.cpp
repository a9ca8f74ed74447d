// `retort verify` as a user (or the build) runs it: purpose-built broken migrations are caught,
// each named by file, revision and operation; the example migrations verify clean. No database.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "support/run_command.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::run_result;
using testing::shell_quote;
namespace exit_code = cli::exit_code;

run_result retort_cli(const std::string& args) {
  return testing::run("env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_CONFIG " +
                      std::string(RETORT_CLI) + " " + args);
}

std::string plugins(const std::string& set) {
  return shell_quote(std::string(RETORT_VERIFY_PLUGINS) + "/" + set);
}

std::string source(const std::string& file) {
  return std::string(RETORT_VERIFY_SOURCES) + "/" + file;
}

TEST(verify_cli, the_example_migrations_verify_clean) {
  auto r = retort_cli(std::string("--plugins ") + RETORT_EXAMPLE_PLUGINS + " verify");
  EXPECT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_EQ(r.output, "verified 8 revisions: 0 errors, 0 warnings\n");
}

TEST(verify_cli, each_kind_of_mistake_is_named_by_file_revision_and_operation) {
  auto r = retort_cli("--plugins " + plugins("broken") + " verify");
  EXPECT_EQ(r.status, exit_code::verify_failed) << r.output;
  // An operation on a column that does not exist at that point.
  EXPECT_THAT(r.output, HasSubstr(source("b2000000000b.cpp") +
                                  ": b2000000000b: error: upgrade() operation 1 (create_index): "
                                  "column accounts.mail does not exist\n"));
  // An object created twice.
  EXPECT_THAT(r.output, HasSubstr(source("c3000000000c.cpp") +
                                  ": c3000000000c: error: upgrade() operation 1 (create_table): "
                                  "table accounts already exists\n"));
  // A downgrade that does not restore the parent's schema, with what it lacks.
  EXPECT_THAT(r.output, HasSubstr(source("d4000000000d.cpp") +
                                  ": d4000000000d: error: downgrade() does not restore the "
                                  "schema upgrade() started from\n"
                                  "    to restore it, downgrade() would also need:\n"
                                  "      op::drop_column(\n"
                                  "          \"accounts\",\n"
                                  "          \"nickname\",\n"));
  // Raw SQL explains what it mentions: a warning, not an error.
  EXPECT_THAT(r.output, HasSubstr(source("f6000000000f.cpp") +
                                  ": f6000000000f: warning: upgrade() operation 1 "
                                  "(create_index): table audit_log does not exist (it may come "
                                  "from raw SQL of revision e5000000000e"));
  EXPECT_THAT(r.output, HasSubstr("verified 6 revisions: 3 errors, 2 warnings\n"));
  EXPECT_THAT(r.output, Not(HasSubstr("a1000000000a: ")));
}

TEST(verify_cli, warnings_pass_unless_strict) {
  auto r = retort_cli("--plugins " + plugins("raw_sql") + " verify");
  EXPECT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_THAT(r.output, HasSubstr("verified 3 revisions: 0 errors, 2 warnings\n"));
  auto strict = retort_cli("--plugins " + plugins("raw_sql") + " verify --strict");
  EXPECT_EQ(strict.status, exit_code::verify_failed) << strict.output;
}

TEST(verify_cli, plugin_files_given_are_all_that_is_verified) {
  // As the build runs it: the files, whatever plugin directory the environment names.
  auto r =
      testing::run("env RETORT_PLUGINS=" + plugins("broken") + " " + RETORT_CLI + " verify " +
                   shell_quote(std::string(RETORT_VERIFY_PLUGINS) + "/raw_sql/verify_raw_sql.so"));
  EXPECT_EQ(r.status, exit_code::ok) << r.output;
  EXPECT_THAT(r.output, HasSubstr("verified 3 revisions: 0 errors, 2 warnings\n"));
}

TEST(verify_cli, without_plugins_it_says_where_to_find_them) {
  auto r = retort_cli("verify");
  EXPECT_EQ(r.status, exit_code::usage) << r.output;
  EXPECT_THAT(r.output, HasSubstr("no plugin directory"));
}

}  // namespace
}  // namespace retort
