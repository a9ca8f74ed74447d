// Expand and contract against a real server: NOT NULL through a validated check, a foreign key
// added NOT VALID and validated later, and a concurrent index built again over the INVALID one
// a failed build left.
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
using ::testing::IsEmpty;

class expand_contract : public ::testing::Test {
 protected:
  expand_contract() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make(const std::string& bundle) {
    return migrator(
        {.url = url_, .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/" + bundle});
  }

  std::vector<std::string> checks_of(const std::string& table) {
    return db_.column(
        "SELECT conname || ' ' || convalidated FROM pg_constraint WHERE conrelid = '" + table +
        "'::regclass AND contype IN ('c', 'f') ORDER BY 1");
  }

  std::string url_;
  testing::database db_;
};

TEST_F(expand_contract, set_not_null_goes_through_a_validated_check_and_leaves_none) {
  make("set_not_null").upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000020"));
  EXPECT_EQ(db_.scalar("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = "
                       "'producers'::regclass AND attname = 'first_name'"),
            "true");
  EXPECT_THAT(checks_of("producers"), IsEmpty());
}

TEST_F(expand_contract, a_failed_set_not_null_is_tried_again_from_a_clean_start) {
  auto m = make("set_not_null_fails");
  m.upgrade("da7a00000001");
  try {
    m.upgrade("head");
    FAIL() << "NULL last names were accepted";
  } catch (const migration_failed& e) {
    EXPECT_EQ(e.sqlstate(), "23514");
    EXPECT_THAT(e.what(), HasSubstr("retort resolve da7a00000021"));
  }
  // VALIDATE failed: the check stays, NOT VALID, and the column nullable.
  EXPECT_THAT(checks_of("producers"), ElementsAre("last_name_given false"));

  db_.session().exec("UPDATE producers SET last_name = name");
  m.resolve("da7a00000021", false);
  m.upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000021"));
  EXPECT_THAT(checks_of("producers"), IsEmpty());
  EXPECT_EQ(db_.scalar("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = "
                       "'producers'::regclass AND attname = 'last_name'"),
            "true");
}

TEST_F(expand_contract, a_foreign_key_added_not_valid_checks_new_rows_and_is_validated_later) {
  auto m = make("fk");
  m.upgrade("da7a00000022");

  EXPECT_THAT(checks_of("bottles"), ElementsAre("fk_bottles_producer false"));
  EXPECT_THROW(db_.session().exec("INSERT INTO bottles VALUES (3, 99)"), database_error);

  m.upgrade("head");

  EXPECT_THAT(checks_of("bottles"), ElementsAre("fk_bottles_producer true"));
  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000023"));
}

TEST_F(expand_contract, a_concurrent_index_is_built_again_over_the_invalid_one_a_failure_left) {
  auto m = make("cic_retry");
  m.upgrade("da7a00000001");
  // What a failed build leaves: the index, INVALID.
  db_.session().exec("INSERT INTO producers (id, name) VALUES (5, 'Dagueneau')");
  EXPECT_THROW(
      db_.session().exec("CREATE UNIQUE INDEX CONCURRENTLY ux_producers_name ON producers (name)"),
      database_error);
  db_.session().exec("DELETE FROM producers WHERE id = 5");
  ASSERT_EQ(db_.scalar("SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
                       "'ux_producers_name'::regclass"),
            "false");

  m.upgrade("head");

  EXPECT_EQ(db_.scalar("SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
                       "'ux_producers_name'::regclass"),
            "true");
  EXPECT_THAT(db_.scalar("SELECT detail FROM alembic_version_history WHERE revision = "
                         "'da7a00000024'"),
              HasSubstr("dropped public.ux_producers_name, an INVALID index an earlier attempt "
                        "left"));
}

TEST_F(expand_contract, lint_is_silent_on_the_steps) {
  for (const char* bundle : {"set_not_null", "fk", "cic_retry", "backfill_sql"}) {
    const auto report = make(bundle).lint("");
    for (const auto& finding : report.findings) {
      EXPECT_EQ(finding.revision, "da7a00000001") << bundle << ": " << finding.rule;
    }
  }
}

}  // namespace
}  // namespace retort
