// What a transactional migration's own SQL may not do to the transaction retort runs it in.
#include "sql_parse/transaction_control.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retort::sql_parse {
namespace {

using ::testing::HasSubstr;

std::optional<transaction_control> control(std::string_view sql) {
  savepoint_names savepoints;
  return find_transaction_control(sql, savepoints);
}

TEST(transaction_control, every_statement_that_ends_or_opens_a_transaction_is_found) {
  for (const char* sql :
       {"COMMIT", "commit work", "END", "ROLLBACK", "ABORT", "BEGIN", "START TRANSACTION",
        "BEGIN ISOLATION LEVEL SERIALIZABLE", "COMMIT AND CHAIN", "PREPARE TRANSACTION 'x'",
        "COMMIT PREPARED 'x'", "ROLLBACK PREPARED 'x'", "SET SESSION AUTHORIZATION alice",
        "RESET SESSION AUTHORIZATION", "SET SESSION AUTHORIZATION DEFAULT",
        "RELEASE SAVEPOINT retort_step", "ROLLBACK TO SAVEPOINT retort_step"}) {
    EXPECT_TRUE(control(sql)) << sql;
  }
}

TEST(transaction_control, names_the_statement_among_others_and_says_why) {
  auto found = control("UPDATE t SET x = 1;\n  COMMIT;\nUPDATE t SET x = 2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->statement, "COMMIT");
  EXPECT_THAT(found->why, HasSubstr("end the transaction"));
}

TEST(transaction_control, words_inside_strings_bodies_and_comments_are_not_statements) {
  EXPECT_FALSE(control("INSERT INTO log VALUES ('COMMIT; ROLLBACK')"));
  EXPECT_FALSE(control("-- COMMIT\nSELECT 1 /* ROLLBACK */"));
  EXPECT_FALSE(control("DO $$ BEGIN PERFORM 1; END $$"));
  EXPECT_FALSE(
      control("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $b$ BEGIN COMMIT; "
              "END $b$"));
  EXPECT_FALSE(control("SET LOCAL ROLE migrator; SET LOCAL lock_timeout = '1s'"));
  EXPECT_FALSE(control("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
}

TEST(transaction_control, savepoints_the_migration_creates_are_its_own) {
  savepoint_names savepoints;
  EXPECT_FALSE(find_transaction_control("SAVEPOINT batch; UPDATE t SET x = 1", savepoints));
  // A later statement of the same migration may roll back to it, then release it.
  EXPECT_FALSE(find_transaction_control("ROLLBACK TO SAVEPOINT batch", savepoints));
  EXPECT_FALSE(find_transaction_control("RELEASE batch", savepoints));
  // A name used twice is two savepoints, released one at a time.
  EXPECT_FALSE(
      find_transaction_control("SAVEPOINT a; SAVEPOINT a; RELEASE a; RELEASE a", savepoints));
  auto released_twice = find_transaction_control("RELEASE SAVEPOINT batch", savepoints);
  ASSERT_TRUE(released_twice);
  EXPECT_THAT(released_twice->why, HasSubstr("did not create savepoint \"batch\""));
}

TEST(transaction_control, text_the_grammar_rejects_is_left_to_the_server) {
  EXPECT_FALSE(control("COMMIT THE WORK NOW"));
}

}  // namespace
}  // namespace retort::sql_parse
