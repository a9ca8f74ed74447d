// The example bundle against a real PostgreSQL: up, down, up again, stamp.
#include <retort/errors.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/database.hpp"
#include "migrator/migrator.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using strings = std::vector<std::string>;

const std::string head = "8b0d2f4a6c78";

class example_bundle : public ::testing::Test {
 protected:
  example_bundle() : url_(testing::fresh_database_url()), db_(url_) {}

  migrator make(const std::string& plugins = RETORT_EXAMPLE_PLUGINS) {
    return migrator({.url = url_,
                     .plugin_directory = plugins,
                     .out = [this](std::string_view line) { output_.emplace_back(line); }});
  }

  std::string url_;
  testing::database db_;
  strings output_;
};

TEST_F(example_bundle, upgrade_head_on_an_empty_database_builds_the_catalogue) {
  auto applied = make().upgrade("head");

  // Alembic's order (checked with Alembic 1.8.1): of two branches, the one found last runs first.
  EXPECT_THAT(applied, ElementsAre("1f3e5a7c9b01", "2b4d6f8a0c12", "4d6f8b0c2e34", "3c5e7a9b1d23",
                                   "5e7a9c1d3f45", "6f8b0d2e4a56", "7a9c1e3f5b67", head));
  EXPECT_THAT(db_.versions(), ElementsAre(head));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "producers", "products"));
  EXPECT_THAT(db_.columns("products"),
              ElementsAre("sku text NO", "name text NO", "price numeric NO",
                          "created_at timestamp with time zone NO", "producer_id bigint YES",
                          "alcohol numeric NO"));
  EXPECT_THAT(db_.indexes("products"), ElementsAre("ix_products_name", "ix_products_name_trgm",
                                                   "ix_products_price", "products_pkey"));
  EXPECT_EQ(db_.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_products_name_trgm'"),
            "CREATE INDEX ix_products_name_trgm ON public.products USING gin (name gin_trgm_ops)");
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"), "1");
  EXPECT_EQ(db_.scalar("SELECT confdeltype FROM pg_constraint WHERE conname = "
                       "'fk_products_producer'"),
            "n");  // ON DELETE SET NULL
  EXPECT_THAT(
      db_.column("SELECT sku || '=' || alcohol FROM products ORDER BY sku"),
      ElementsAre("BAR-2018=14.5", "CHB-2021-1ER=12.5", "MOS-2022-KAB=8.5", "RIO-2019-RES=14.0"));
  EXPECT_EQ(db_.scalar("SELECT obj_description('products'::regclass)"),
            "Wines we sell, one row per stock-keeping unit");
  EXPECT_THAT(output_,
              Contains(HasSubstr("Running upgrade  -> 1f3e5a7c9b01, create products table")));
  EXPECT_THAT(
      output_,
      Contains(HasSubstr("Running upgrade 3c5e7a9b1d23, 4d6f8b0c2e34 -> 5e7a9c1d3f45, merge")));
}

TEST_F(example_bundle, the_trigram_index_serves_ilike_searches) {
  make().upgrade("head");
  db_.session().exec(std::string("SET enable_seqscan = off"));
  auto plan = db_.column("EXPLAIN SELECT sku FROM products WHERE name ILIKE '%riesling%'");
  std::string joined;
  for (const auto& line : plan) {
    joined += line + "\n";
  }
  EXPECT_THAT(joined, HasSubstr("ix_products_name_trgm"));
}

TEST_F(example_bundle, downgrade_base_leaves_only_the_version_table_and_upgrade_works_again) {
  auto m = make();
  m.upgrade("head");
  auto reverted = m.downgrade("base");

  EXPECT_EQ(reverted.size(), 8u);
  EXPECT_EQ(reverted.front(), head);
  EXPECT_EQ(reverted.back(), "1f3e5a7c9b01");
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress"));
  EXPECT_TRUE(db_.versions().empty());
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"), "0");

  m.upgrade("head");
  EXPECT_THAT(db_.versions(), ElementsAre(head));
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM products"), "4");
}

TEST_F(example_bundle, one_step_down_and_up_again) {
  auto m = make();
  m.upgrade("head");
  EXPECT_THAT(m.downgrade("-1"), ElementsAre(head));
  EXPECT_THAT(db_.versions(), ElementsAre("7a9c1e3f5b67"));
  EXPECT_THAT(db_.columns("products"), Contains("alcohol numeric YES"));

  EXPECT_THAT(m.upgrade("+1"), ElementsAre(head));
  EXPECT_THAT(db_.columns("products"), Contains("alcohol numeric NO"));
}

TEST_F(example_bundle, version_table_has_one_row_per_branch_head) {
  auto m = make();
  m.upgrade("3c5e7a9b1d23");
  EXPECT_THAT(db_.versions(), ElementsAre("3c5e7a9b1d23"));
  m.upgrade("4d6f8b0c2e34");  // the other branch: a second row
  EXPECT_THAT(db_.versions(), ElementsAre("3c5e7a9b1d23", "4d6f8b0c2e34"));
  m.upgrade("5e7a9c1d3f45");  // the merge: back to one row
  EXPECT_THAT(db_.versions(), ElementsAre("5e7a9c1d3f45"));
  m.downgrade("3c5e7a9b1d23");  // unmerge: both parents again, the other branch untouched
  EXPECT_THAT(db_.versions(), ElementsAre("3c5e7a9b1d23", "4d6f8b0c2e34"));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "producers", "products"));
  m.downgrade("2b4d6f8a0c12");  // the branch point: both branches go
  EXPECT_THAT(db_.versions(), ElementsAre("2b4d6f8a0c12"));
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "products"));
}

TEST_F(example_bundle, a_database_built_from_plain_sql_and_stamped_at_head_is_left_alone) {
  db_.session().exec(std::string(
      "CREATE TABLE products (sku text PRIMARY KEY, name text NOT NULL, legacy_note text)"));
  auto m = make();
  m.stamp({"head"}, false);
  EXPECT_THAT(db_.versions(), ElementsAre(head));

  EXPECT_TRUE(m.upgrade("head").empty());
  EXPECT_THAT(db_.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                        "alembic_version_in_progress", "products"));
  EXPECT_THAT(db_.columns("products"),
              ElementsAre("sku text NO", "name text NO", "legacy_note text YES"));
}

TEST_F(example_bundle, a_table_stamped_by_alembic_with_32_character_ids_is_read) {
  // Alembic's own DDL for its version table.
  db_.session().exec(
      std::string("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                  "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));"
                  "INSERT INTO alembic_version VALUES ('6f8b0d2e4a56')"));
  EXPECT_THAT(make().current(), ElementsAre("6f8b0d2e4a56"));
}

TEST_F(example_bundle, a_version_table_naming_an_unknown_revision_is_refused_untouched) {
  make().upgrade("2b4d6f8a0c12");
  db_.session().exec(std::string("UPDATE alembic_version SET version_num = 'deadbeef0000'"));
  try {
    make().upgrade("head");
    FAIL() << "expected graph_error";
  } catch (const graph_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("deadbeef0000"));
    EXPECT_THAT(e.what(), HasSubstr("stamp"));
  }
  EXPECT_THAT(db_.versions(), ElementsAre("deadbeef0000"));
  EXPECT_THAT(db_.indexes("products"),
              ElementsAre("ix_products_name", "ix_products_name_trgm", "products_pkey"));
}

TEST_F(example_bundle, current_never_creates_the_version_table) {
  EXPECT_TRUE(make().current().empty());
  EXPECT_TRUE(db_.tables().empty());
}

TEST_F(example_bundle, a_custom_version_table_in_its_own_schema) {
  migrator m({.url = url_,
              .plugin_directory = RETORT_EXAMPLE_PLUGINS,
              .version_table = {.table = "schema_history", .schema = "meta"}});
  m.upgrade("head");
  EXPECT_EQ(db_.scalar("SELECT version_num FROM meta.schema_history"), head);
  EXPECT_THAT(db_.tables(), ElementsAre("producers", "products"));
}

TEST(hostile_names, round_trip_through_quoting_and_parameters) {
  auto url = testing::fresh_database_url();
  testing::database db(url);
  migrator m({.url = url, .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/hostile_names"});
  m.upgrade("bbbb00000001");
  EXPECT_THAT(db.tables(), ElementsAre("a\"b; DROP TABLE x;--", "alembic_version",
                                       "alembic_version_history", "alembic_version_in_progress"));
  EXPECT_THAT(db.column("SELECT coalesce(\"select\", 'NULL') || '|' || \"MixedCase\" || '|' || "
                        "\"prénom\" FROM \"a\"\"b; DROP TABLE x;--\" ORDER BY \"MixedCase\""),
              ElementsAre("'); DROP TABLE x; --|1|Zoë", "NULL|2|\"quoted\""));
  m.downgrade("base");
  EXPECT_THAT(db.tables(), ElementsAre("alembic_version", "alembic_version_history",
                                       "alembic_version_in_progress"));
}

// Each name reaches the catalogue exactly as written (no case folding, no truncation, no
// injection), and defaults, comments and inserted values read back byte for byte.
TEST(hostile_names, reserved_mixed_case_and_unicode_names_and_quoted_values_round_trip) {
  auto url = testing::fresh_database_url();
  testing::database db(url);
  migrator m({.url = url, .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/hostile_names"});
  m.upgrade("head");

  EXPECT_THAT(db.tables(),
              UnorderedElementsAre("MixedCase", "a\"b; DROP TABLE x;--", "alembic_version",
                                   "alembic_version_history", "alembic_version_in_progress",
                                   "select", "ÜNÏCÖDÉ \"2\""));
  EXPECT_THAT(db.columns("MixedCase"), ElementsAre("Id integer YES", "Ref\"erence integer YES"));
  EXPECT_THAT(db.indexes("select"), UnorderedElementsAre("ix \"select\"; --", "select_pkey"));
  EXPECT_THAT(db.column("SELECT conname FROM pg_constraint WHERE conrelid = "
                        "'\"MixedCase\"'::regclass ORDER BY 1"),
              UnorderedElementsAre("fk \"MixedCase\" -> select", "uq 'Id'"));
  // Defaults filled the columns the insert left out.
  EXPECT_THAT(db.column("SELECT \"from\" || '|' || \"Ünïcödé\" || '|' || path FROM \"select\" "
                        "ORDER BY 1"),
              ElementsAre("1|it's \"quoted\"; DROP TABLE x; --|C:\\temp\\ 'x' $1",
                          "2|it's \"quoted\"; DROP TABLE x; --|C:\\temp\\ 'x' $1"));
  EXPECT_THAT(db.column("SELECT \"ñame\" FROM \"ÜNÏCÖDÉ \"\"2\"\"\" ORDER BY 1"),
              UnorderedElementsAre("$1 ' \\ \" ; -- /* E'x' $$", "Ünïcödé 日本語 🍷"));
  EXPECT_THAT(db.column("SELECT \"Id\" || '>' || \"Ref\"\"erence\" FROM \"MixedCase\" ORDER BY 1"),
              ElementsAre("10>1", "20>2"));
  EXPECT_EQ(db.scalar("SELECT obj_description('\"select\"'::regclass, 'pg_class')"),
            "it's the \"select\" table; DROP TABLE x; --");
  EXPECT_EQ(db.scalar("SELECT col_description('\"MixedCase\"'::regclass, 1)"), "O'Brien \\n");
  // The foreign key holds: a row referring to nothing is refused by the server.
  EXPECT_THROW(db.session().exec("INSERT INTO \"MixedCase\" VALUES (30, 3)"), database_error);

  m.downgrade("bbbb00000001");
  EXPECT_THAT(db.tables(), ElementsAre("a\"b; DROP TABLE x;--", "alembic_version",
                                       "alembic_version_history", "alembic_version_in_progress"));
}

TEST(hostile_names, a_version_table_and_schema_with_hostile_names_work) {
  auto url = testing::fresh_database_url();
  testing::database db(url);
  const store::version_table_location location{.table = "Versions \"v\"; DROP TABLE x; --",
                                               .schema = "Schéma \"Ü\""};
  migrator m({.url = url,
              .plugin_directory = std::string(RETORT_TEST_BUNDLES) + "/hostile_names",
              .version_table = location});
  m.upgrade("head");
  EXPECT_EQ(db.scalar("SELECT version_num FROM \"Schéma \"\"Ü\"\"\".\"Versions \"\"v\"\"; DROP "
                      "TABLE x; --\""),
            "bbbb00000002");
  EXPECT_THAT(m.current(), ElementsAre("bbbb00000002"));
  m.downgrade("base");
  EXPECT_THAT(db.tables(), ::testing::IsEmpty());
  EXPECT_EQ(db.scalar("SELECT count(*) FROM \"Schéma \"\"Ü\"\"\".\"Versions \"\"v\"\"; DROP "
                      "TABLE x; --\""),
            "0");
}

}  // namespace
}  // namespace retort
