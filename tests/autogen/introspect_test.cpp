// Introspection of a real database: a schema built by SQL or by operations reads back as the
// model that describes it.
#include "introspect/introspect.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/apply.hpp"
#include "autogen/compare.hpp"
#include "autogen/rich_model.hpp"
#include "render/describe.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

namespace type = op::type;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> described(const operations& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(render::describe(op));
  }
  return out;
}

class introspect_test : public ::testing::Test {
 protected:
  std::unique_ptr<pg::session> db = pg::session::connect(testing::fresh_database_url());
  model::schema read() { return introspect::read_schema(*db); }
};

TEST_F(introspect_test, an_empty_database_is_an_empty_model) {
  EXPECT_EQ(read(), model::schema{});
}

TEST_F(introspect_test, reads_sql_written_by_hand_as_the_declared_model) {
  db->exec(R"sql(
    CREATE TYPE mood AS ENUM ('happy', 'sad');
    CREATE TABLE people (
      id serial PRIMARY KEY,
      name varchar(80) NOT NULL,
      mood mood DEFAULT 'happy',
      score numeric(6, 2) CHECK (score >= 0),
      seen timestamptz(0),
      nick char(4),
      tags int[][],
      CONSTRAINT uq_people_name UNIQUE (name)
    );
    CREATE INDEX ix_people_lower ON people (lower(name) DESC NULLS LAST) WHERE score > 1;
    COMMENT ON TABLE people IS 'everyone';
    COMMENT ON COLUMN people.name IS 'full name';
  )sql");
  model::schema s;
  s.enum_type("mood", {"happy", "sad"});
  s.table("people", {.comment = "everyone"})
      .column("id", type::serial(), {.primary_key = true})
      .column("name", type::varchar(80), {.nullable = false, .comment = "full name"})
      .column("mood", type::custom("mood"), {.server_default = "'happy'"})
      .column("score", type::numeric(6, 2))
      .column("seen", type::timestamp_tz(0))
      .column("nick", type::character(4))
      .column("tags", type::array(type::integer(), 2))
      .unique({"name"}, {.name = "uq_people_name"})
      .check("people_score_check", "score >= 0")
      .index("ix_people_lower",
             {op::expression("lower(name)", {.descending = true, .nulls = op::nulls_order::last})},
             {.where = "score > 1"});

  auto actual = read();
  auto result = autogen::compare(s, actual);
  EXPECT_THAT(described(result.upgrade), IsEmpty());
  EXPECT_THAT(result.notes, IsEmpty());
  ASSERT_EQ(actual.tables.size(), 1U);
  EXPECT_EQ(actual.tables[0].columns[0].type, type::serial()) << "nextval default folded";
  EXPECT_EQ(actual.sequences.size(), 0U) << "the serial's own sequence is not a model sequence";
  EXPECT_EQ(actual.tables[0].columns[6].type, type::array(type::integer(), 2));
}

TEST_F(introspect_test, the_rich_model_built_from_nothing_reads_back_equal) {
  auto create = autogen::compare(testing::rich_model(), read());
  testing::apply(*db, create.upgrade);
  auto actual = read();
  EXPECT_EQ(actual.tables.size(), 4U);
  EXPECT_EQ(actual.schemas, std::vector<std::string>{"audit"});
  EXPECT_EQ(actual.sequences.size(), 1U) << "order_numbers; not the serial's or identities'";

  auto again = autogen::compare(testing::rich_model(), read());
  EXPECT_THAT(described(again.upgrade), IsEmpty());
  EXPECT_THAT(again.notes, IsEmpty());
}

TEST_F(introspect_test, reads_only_the_schemas_asked_for) {
  db->exec("CREATE SCHEMA a; CREATE TABLE a.t (x int); CREATE TABLE public.u (y int);");
  auto s = introspect::read_schema(*db, {.schemas = {"a"}});
  ASSERT_EQ(s.tables.size(), 1U);
  EXPECT_EQ(s.tables[0].schema, "a");
  EXPECT_EQ(s.schemas, std::vector<std::string>{"a"});
}

TEST_F(introspect_test, leaves_out_what_extensions_own) {
  db->exec("CREATE EXTENSION pg_trgm; CREATE EXTENSION citext;");
  auto s = read();
  EXPECT_THAT(s.tables, IsEmpty());
  EXPECT_THAT(s.enums, IsEmpty());
  ASSERT_EQ(s.extensions.size(), 2U);
  EXPECT_EQ(s.extensions[0].name, "citext");
}

}  // namespace
}  // namespace retort
