// The real Alembic (Debian's python3-alembic) and retort share one version table.
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;

// Runs the Alembic helper script; a missing Python or Alembic fails the test, it never skips.
std::string alembic(const std::string& url, const std::string& args) {
  std::string command =
      "/usr/bin/python3 " RETORT_ALEMBIC_SCRIPT " '" + url + "' " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  while (auto n = fread(buffer.data(), 1, buffer.size(), pipe)) {
    output.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << "\n" << output;
  return output;
}

TEST(alembic_interop, alembic_reads_the_heads_retort_wrote) {
  auto url = testing::fresh_database_url();
  migrator m({.url = url, .plugin_directory = RETORT_EXAMPLE_PLUGINS});
  m.upgrade("3c5e7a9b1d23");
  m.upgrade("4d6f8b0c2e34");  // two branch heads: two rows
  EXPECT_EQ(alembic(url, "read"), "3c5e7a9b1d23\n4d6f8b0c2e34\n");
  m.upgrade("head");
  EXPECT_EQ(alembic(url, "read"), "8b0d2f4a6c78\n");
}

TEST(alembic_interop, retort_reads_and_continues_a_table_alembic_created) {
  auto url = testing::fresh_database_url();
  testing::database db(url);
  migrator m({.url = url, .plugin_directory = RETORT_EXAMPLE_PLUGINS});
  m.upgrade("6f8b0d2e4a56");
  db.session().exec(std::string("DROP TABLE alembic_version"));

  alembic(url, "write 6f8b0d2e4a56");  // Alembic's own DDL: version_num varchar(32)
  EXPECT_EQ(db.scalar("SELECT character_maximum_length FROM information_schema.columns WHERE "
                      "table_name = 'alembic_version'"),
            "32");
  EXPECT_THAT(m.current(), ElementsAre("6f8b0d2e4a56"));
  m.upgrade("head");
  EXPECT_THAT(db.versions(), ElementsAre("8b0d2f4a6c78"));
  EXPECT_EQ(alembic(url, "read"), "8b0d2f4a6c78\n");
}

}  // namespace
}  // namespace retort
