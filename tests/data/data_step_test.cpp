// Data steps (op::run) against a real server: typed rows, refusals, rollbacks.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "offline/offline_script.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class data_steps : public ::testing::Test {
 protected:
  data_steps() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make(const std::string& bundle) {
    return migrator(
        {.url = url_, .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/" + bundle});
  }

  // Upgrades to the base revision, then to head, which must fail; returns the error.
  migration_failed fail_after_base(const std::string& bundle) {
    auto m = make(bundle);
    m.upgrade("da7a00000001");
    try {
      m.upgrade("head");
    } catch (const migration_failed& e) {
      return e;
    }
    throw std::logic_error("upgrade head did not fail");
  }

  std::vector<std::string> producers() {
    return db_.column(
        "SELECT concat_ws('|', id, coalesce(first_name, '-'), coalesce(last_name, '-'), touched) "
        "FROM producers ORDER BY id");
  }

  // The producers after split_names ran once.
  static auto split_once() {
    return ElementsAre("1|Angelo|Gaja|1", "2|Egon|Müller|1", "3|-|Dagueneau|1",
                       "4|Maria|José López de Heredia|1");
  }

  std::string url_;
  testing::database db_;
};

TEST_F(data_steps, typed_rows_are_read_and_derived_values_written_in_the_migration) {
  make("split_names").upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000002"));
  EXPECT_THAT(producers(), split_once());
}

TEST_F(data_steps, a_downgrade_runs_its_own_data_step) {
  auto m = make("split_names");
  m.upgrade("head");
  m.downgrade("da7a00000001");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000001"));
  EXPECT_THAT(producers(), ElementsAre("1|-|-|2", "2|-|-|2", "3|-|-|2", "4|-|-|2"));
}

TEST_F(data_steps, a_struct_that_does_not_match_its_table_is_refused_before_the_code_runs) {
  auto error = fail_after_base("wrong_struct");

  EXPECT_EQ(error.revision(), "da7a00000003");
  EXPECT_THAT(error.file(), HasSubstr("wrong_struct.cpp"));
  EXPECT_THAT(error.what(), HasSubstr("data step \"touch every producer\" was refused before "
                                      "its code ran"));
  EXPECT_THAT(error.what(), HasSubstr("producers.id is bigint, but integer in producer_row"));
  EXPECT_THAT(error.what(), HasSubstr("producers.first_name may be NULL, but its member in "
                                      "producer_row is not a std::optional"));
  EXPECT_THAT(error.what(), HasSubstr("producers has no column country (text in producer_row)"));
  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000001"));
  EXPECT_THAT(producers(), ElementsAre("1|-|-|0", "2|-|-|0", "3|-|-|0", "4|-|-|0"));
}

TEST_F(data_steps, verify_checks_a_struct_against_the_schema_its_revision_replays) {
  auto stale = make("wrong_struct").verify();
  auto fitting = make("split_names").verify();

  ASSERT_EQ(stale.errors(), 3u);
  EXPECT_EQ(stale.findings.front().revision, "da7a00000003");
  EXPECT_THAT(stale.findings.front().message,
              HasSubstr("data step \"touch every producer\" expects what the table does not "
                        "hold: producers.id is bigint, but integer in producer_row"));
  EXPECT_EQ(fitting.errors(), 0u);
  EXPECT_EQ(fitting.warnings(), 0u);
}

TEST_F(data_steps, code_that_throws_rolls_back_the_migration_with_what_it_changed) {
  auto error = fail_after_base("throws_midway");

  EXPECT_EQ(error.revision(), "da7a00000004");
  EXPECT_THAT(error.file(), HasSubstr("throws_midway.cpp"));
  EXPECT_THAT(error.what(), HasSubstr("failed and was rolled back: data step \"touch then fail\" "
                                      "threw: the exchange-rate feed is unreachable"));
  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000001"));
  EXPECT_THAT(db_.columns("producers"), ::testing::Not(::testing::Contains(HasSubstr("country"))));
  EXPECT_THAT(producers(), ElementsAre("1|-|-|0", "2|-|-|0", "3|-|-|0", "4|-|-|0"));
}

TEST_F(data_steps, a_value_read_as_the_wrong_type_names_column_row_key_and_types) {
  auto error = fail_after_base("reads_wrong_type");

  EXPECT_THAT(error.what(), HasSubstr("column \"name\" of row 1 (id = 3) is text, which does not "
                                      "read as std::int64_t"));
  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000001"));
}

TEST_F(data_steps, code_cannot_commit_the_migrations_transaction) {
  auto error = fail_after_base("commits");

  EXPECT_THAT(error.what(), HasSubstr("`COMMIT` controls the transaction"));
  EXPECT_THAT(db_.versions(), ElementsAre("da7a00000001"));
  EXPECT_THAT(producers(), ElementsAre("1|-|-|0", "2|-|-|0", "3|-|-|0", "4|-|-|0"));
}

TEST_F(data_steps, a_query_over_many_pages_yields_each_row_once_while_the_code_writes) {
  make("streams_many").upgrade("head");

  EXPECT_EQ(db_.scalar("SELECT count(DISTINCT n) FROM numbers"), "2500");
  EXPECT_EQ(db_.scalar("SELECT min(n) || '..' || max(n) FROM numbers"), "1..2500");
  EXPECT_EQ(db_.scalar("SELECT label || ' ' || half FROM numbers WHERE n = 2499"), "#2499 1249.5");
}

TEST_F(data_steps, an_offline_script_refuses_a_data_step_naming_revision_and_step) {
  auto m = make("split_names");
  try {
    (void)m.upgrade_sql("head");
    FAIL() << "a C++ data step became SQL";
  } catch (const offline::unsupported& e) {
    EXPECT_EQ(e.revision(), "da7a00000002");
    EXPECT_THAT(e.file(), HasSubstr("split_names.cpp"));
    EXPECT_THAT(e.what(), HasSubstr("statement 1 of its upgrade(): data step \"split producer "
                                    "names\" is C++ code, which an SQL script cannot hold"));
  }
}

// `squashed`: producers_base, split_names (C++) and last_name_required, squashed by `retort
// squash` at build time; `squash_line`: the three as they were.
TEST_F(data_steps, a_squash_runs_the_carried_data_step_in_its_place) {
  make("squashed").upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a000000f0"));
  EXPECT_THAT(producers(), split_once());
  EXPECT_EQ(db_.scalar("SELECT is_nullable FROM information_schema.columns WHERE table_name = "
                       "'producers' AND column_name = 'last_name'"),
            "NO");
}

TEST_F(data_steps, a_squash_carries_a_database_past_a_data_step_it_already_ran) {
  make("squash_line").upgrade("da7a00000002");

  make("squashed").upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a000000f0"));
  EXPECT_THAT(producers(), split_once());
  make("squashed").downgrade("base");
  EXPECT_THAT(db_.versions(), ElementsAre());
}

TEST_F(data_steps, a_squash_runs_the_carried_data_step_for_a_database_before_it) {
  make("squash_line").upgrade("da7a00000001");

  make("squashed").upgrade("head");

  EXPECT_THAT(db_.versions(), ElementsAre("da7a000000f0"));
  EXPECT_THAT(producers(), split_once());
  make("squashed").downgrade("base");
  EXPECT_THAT(db_.versions(), ElementsAre());
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'producers'"), "0");
}

}  // namespace
}  // namespace retort
