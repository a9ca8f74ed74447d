// A new user's first hour, scripted: `retort init`, three revisions (one of them a branch), a
// merge, the build with the installed package's find_package(retort), then `upgrade head` on a
// real database and back down to base.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "generator/cli_support.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using testing::generated_by;
using ::testing::HasSubstr;
using testing::read_file;
using testing::retort_cli;
using testing::shell_quote;
using testing::write_file;
namespace exit_code = cli::exit_code;

// What the user types into the new file: `return {};` becomes real operations.
void fill_in(const std::filesystem::path& file, const std::string& upgrade,
             const std::string& downgrade) {
  auto text = read_file(file);
  const std::string empty = "  return {};\n";
  const auto first = text.find(empty);
  ASSERT_NE(first, std::string::npos) << text;
  text.replace(first, empty.size(), "  return {" + upgrade + "};\n");
  const auto second = text.find(empty, first);
  ASSERT_NE(second, std::string::npos) << text;
  text.replace(second, empty.size(), "  return {" + downgrade + "};\n");
  write_file(file, text);
}

TEST(scaffold_end_to_end, init_revisions_merge_build_and_upgrade) {
  const auto root = testing::fresh_directory();
  ASSERT_EQ(retort_cli("init shop", root).status, exit_code::ok);
  const auto project = root / "shop";

  auto accounts = retort_cli("revision -m 'create accounts table'", project);
  ASSERT_EQ(accounts.status, exit_code::ok) << accounts.output;
  const auto r1 = generated_by(accounts);
  fill_in(r1.file,
          "op::create_table(\"accounts\", {op::column(\"id\", op::type::bigint(), "
          "{.primary_key = true})})",
          "op::drop_table(\"accounts\")");

  auto email = retort_cli("revision -m 'add email to accounts'", project);
  ASSERT_EQ(email.status, exit_code::ok) << email.output;
  const auto r2 = generated_by(email);
  fill_in(r2.file, "op::add_column(\"accounts\", op::column(\"email\", op::type::text()))",
          "op::drop_column(\"accounts\", \"email\")");

  auto audit =
      retort_cli("revision -m 'create audit log' --head " + r1.revision + " --splice", project);
  ASSERT_EQ(audit.status, exit_code::ok) << audit.output;
  const auto r3 = generated_by(audit);
  fill_in(r3.file, "op::create_table(\"audit_log\", {op::column(\"entry\", op::type::text())})",
          "op::drop_table(\"audit_log\")");

  auto merge = retort_cli("merge -m 'merge email and audit log' heads", project);
  ASSERT_EQ(merge.status, exit_code::ok) << merge.output;
  const auto m = generated_by(merge);

  // The printed next steps: build with the installed package, then upgrade.
  const auto prefix = root / "prefix";
  auto install =
      testing::run(std::string(RETORT_TEST_CMAKE) + " --install " + shell_quote(RETORT_BINARY_DIR) +
                   " --prefix " + shell_quote(prefix.string()));
  ASSERT_EQ(install.status, 0) << install.output;
  auto build = testing::run(
      "cd " + shell_quote(project.string()) + " && " + RETORT_TEST_CMAKE +
      " -S migrations -B build/migrations -DCMAKE_PREFIX_PATH=" + shell_quote(prefix.string()) +
      " -DCMAKE_CXX_COMPILER=" + RETORT_TEST_CXX + " && " + RETORT_TEST_CMAKE +
      " --build build/migrations");
  ASSERT_EQ(build.status, 0) << build.output;
  EXPECT_THAT(build.output, ::testing::Not(HasSubstr("warning")));

  const auto url = "--url " + shell_quote(testing::fresh_database_url()) + " ";
  auto up = retort_cli(url + "upgrade head", project);
  ASSERT_EQ(up.status, exit_code::ok) << up.output;
  EXPECT_THAT(up.output,
              HasSubstr("Running upgrade  -> " + r1.revision + ", create accounts table"));
  EXPECT_THAT(up.output, HasSubstr(" -> " + m.revision + ", merge email and audit log"));
  auto current = retort_cli(url + "current", project);
  EXPECT_EQ(current.output, m.revision + " (head) (mergepoint)\n");

  auto down = retort_cli(url + "downgrade base", project);
  ASSERT_EQ(down.status, exit_code::ok) << down.output;
  EXPECT_THAT(down.output, HasSubstr("Running downgrade " + r1.revision + " -> "));
  EXPECT_EQ(retort_cli(url + "current", project).output, "");
}

}  // namespace
}  // namespace retort
