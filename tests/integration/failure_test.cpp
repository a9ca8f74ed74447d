// Migrations that fail: the database stays exactly at the previous revision.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class failing_bundle : public ::testing::Test {
 protected:
  failing_bundle() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make(const std::string& bundle) {
    return migrator(
        {.url = url_, .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/" + bundle});
  }

  // Upgrades to the shared base, then to head, which must fail; returns the error.
  migration_failed fail_after_base(const std::string& bundle) {
    auto m = make(bundle);
    m.upgrade("aaaa00000001");
    try {
      m.upgrade("head");
    } catch (const migration_failed& e) {
      return e;
    }
    throw std::logic_error("upgrade head did not fail");
  }

  std::string url_;
  testing::database db_;
};

TEST_F(failing_bundle, an_sql_error_rolls_back_the_whole_migration) {
  auto error = fail_after_base("fails_in_sql");

  EXPECT_EQ(error.revision(), "aaaa00000002");
  EXPECT_EQ(error.sqlstate(), "42P01");
  EXPECT_THAT(error.statement(), HasSubstr("no_such_table"));
  EXPECT_THAT(error.file(), HasSubstr("widgets_fails_in_sql.cpp"));
  EXPECT_THAT(error.what(), HasSubstr("aaaa00000002"));
  EXPECT_THAT(db_.versions(), ElementsAre("aaaa00000001"));
  // The first statement of the failed migration succeeded, and was rolled back with it.
  EXPECT_THAT(db_.columns("widgets"), ElementsAre("id integer YES"));
}

TEST_F(failing_bundle, a_cpp_exception_is_reported_with_its_revision_and_nothing_runs) {
  auto error = fail_after_base("throws");

  EXPECT_EQ(error.revision(), "aaaa00000003");
  EXPECT_THAT(error.what(), HasSubstr("the catalogue feed is unreachable"));
  EXPECT_TRUE(error.sqlstate().empty());
  EXPECT_THAT(db_.versions(), ElementsAre("aaaa00000001"));
}

TEST_F(failing_bundle, a_non_standard_exception_is_caught_too) {
  auto error = fail_after_base("throws_int");

  EXPECT_EQ(error.revision(), "aaaa00000004");
  EXPECT_THAT(db_.versions(), ElementsAre("aaaa00000001"));
}

TEST_F(failing_bundle, a_concurrent_index_in_a_transactional_migration_is_refused_before_running) {
  auto error = fail_after_base("concurrently_in_transaction");

  EXPECT_EQ(error.revision(), "aaaa00000005");
  EXPECT_THAT(error.what(), HasSubstr(".transactional = false"));
  EXPECT_TRUE(db_.indexes("widgets").empty());
  EXPECT_THAT(db_.versions(), ElementsAre("aaaa00000001"));
}

TEST_F(failing_bundle, a_failure_in_a_later_step_keeps_the_earlier_steps) {
  try {
    make("fails_in_sql").upgrade("head");
    FAIL() << "expected migration_failed";
  } catch (const migration_failed& e) {
    EXPECT_EQ(e.revision(), "aaaa00000002");
  }
  EXPECT_THAT(db_.versions(), ElementsAre("aaaa00000001"));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "widgets"));
}

// Every plugin is loaded and checked before the first connection: one plugin that cannot be
// loaded, sorted after a good one, and the database is not even given a version table.
TEST_F(failing_bundle, one_plugin_that_cannot_be_loaded_among_good_ones_applies_nothing) {
  auto m = make("broken_among_good");
  try {
    (void)m.upgrade("head");
    FAIL() << "upgrade head did not fail";
  } catch (const plugin_error& e) {
    EXPECT_THAT(e.file(), HasSubstr("zz_unresolved.so"));
    EXPECT_THAT(e.what(), HasSubstr("undefined symbol"));
  }
  EXPECT_THAT(db_.tables(), ::testing::IsEmpty());
  // Not even the good plugin's own revision: a target inside it fails just the same.
  EXPECT_THROW((void)make("broken_among_good").upgrade("aaaa00000001"), plugin_error);
  EXPECT_THAT(db_.tables(), ::testing::IsEmpty());
}

TEST(connection, a_password_never_appears_in_a_connection_error) {
  auto url = testing::fresh_database_url();
  std::string bad = "postgresql://nobody:hunter2-secret@/no_such_db?host=" + testing::socket_dir();
  migrator m({.url = bad, .plugin_directory = RETORT_EXAMPLE_PLUGINS});
  try {
    m.upgrade("head");
    FAIL() << "expected database_error";
  } catch (const database_error& e) {
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("hunter2-secret")));
  }
}

}  // namespace
}  // namespace retort
