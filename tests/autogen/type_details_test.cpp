// What adoption once lost without a word: a named type's modifiers (`bit(24)`), an interval's
// fields, a foreign key's MATCH FULL and a column's statistics target. Each is read from a live
// database, written back by the operations, and a change of it is found by autogenerate.
#include <retort/model/schema.hpp>
#include <retort/op.hpp>
#include <retort/reverse.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/apply.hpp"
#include "autogen/compare.hpp"
#include "introspect/introspect.hpp"
#include "render/describe.hpp"
#include "render/postgres_dialect.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace type = op::type;

std::vector<std::string> described(const operations& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(render::describe(op));
  }
  return out;
}

constexpr const char* detailed_sql = R"sql(
  CREATE TABLE owners (id bigint PRIMARY KEY, region int NOT NULL, UNIQUE (id, region));
  CREATE TABLE readings (
    id bigint PRIMARY KEY,
    flags bit(24),
    mask varbit(8),
    history bit(3)[],
    span interval day to second(3),
    term interval year to month,
    short interval(2),
    owner_id bigint,
    owner_region int,
    CONSTRAINT fk_owner FOREIGN KEY (owner_id, owner_region) REFERENCES owners (id, region)
      MATCH FULL ON DELETE CASCADE
  );
  ALTER TABLE readings ALTER COLUMN owner_id SET STATISTICS 500;
)sql";

model::schema detailed_model() {
  model::schema s;
  s.table("owners")
      .column("id", type::bigint(), {.primary_key = true})
      .column("region", type::integer(), {.nullable = false})
      .unique({"id", "region"}, {.name = "owners_id_region_key"});
  s.table("readings")
      .column("id", type::bigint(), {.primary_key = true})
      .column("flags", type::custom("bit", {.modifiers = "24"}))
      .column("mask", type::custom("varbit", {.modifiers = "8"}))
      .column("history", type::array(type::custom("bit", {.modifiers = "3"})))
      .column("span", type::interval(type::interval_fields::day_to_second, 3))
      .column("term", type::interval(type::interval_fields::year_to_month))
      .column("short", type::interval(2))
      .column("owner_id", type::bigint(), {.statistics = 500})
      .column("owner_region", type::integer())
      .foreign_key(
          {"owner_id", "owner_region"}, "owners", {"id", "region"},
          {.name = "fk_owner", .on_delete = op::referential_action::cascade, .match_full = true});
  return s;
}

class type_details : public ::testing::Test {
 protected:
  std::unique_ptr<pg::session> db = pg::session::connect(testing::fresh_database_url());
  model::schema read() { return introspect::read_schema(*db); }
};

TEST_F(type_details, are_read_as_postgresql_prints_them_and_match_the_declared_model) {
  db->exec(detailed_sql);
  const auto actual = read();
  auto result = autogen::compare(detailed_model(), actual);
  EXPECT_THAT(described(result.upgrade), IsEmpty());
  EXPECT_THAT(result.notes, IsEmpty());

  const auto& readings = actual.tables.at(1);
  ASSERT_EQ(readings.name, "readings");
  EXPECT_EQ(readings.columns.at(1).type.custom_modifiers, "24");
  EXPECT_EQ(readings.columns.at(3).type.array_dimensions, 1);
  EXPECT_EQ(readings.columns.at(3).type.custom_modifiers, "3");
  EXPECT_EQ(readings.columns.at(4).type.fields, interval_fields::day_to_second);
  EXPECT_EQ(readings.columns.at(4).type.precision, 3);
  EXPECT_EQ(readings.columns.at(5).type.fields, interval_fields::year_to_month);
  EXPECT_EQ(readings.columns.at(6).type.fields, interval_fields::all);
  EXPECT_EQ(readings.columns.at(7).statistics, 500);
  EXPECT_EQ(readings.columns.at(8).statistics, std::nullopt);
  ASSERT_EQ(readings.foreign_keys.size(), 1u);
  EXPECT_TRUE(readings.foreign_keys[0].match_full);
}

TEST_F(type_details, built_from_the_model_read_back_equal) {
  testing::apply(*db, autogen::compare(detailed_model(), read()).upgrade);
  auto again = autogen::compare(detailed_model(), read());
  EXPECT_THAT(described(again.upgrade), IsEmpty());
  EXPECT_THAT(again.notes, IsEmpty());
}

TEST_F(type_details, a_change_of_any_of_them_is_found_and_applied) {
  db->exec(detailed_sql);
  auto changed = detailed_model();
  auto& readings = changed.tables.at(1);
  readings.columns.at(1).type.custom_modifiers = "12";
  readings.columns.at(4).type.fields = interval_fields::day_to_minute;
  readings.columns.at(4).type.precision.reset();
  readings.columns.at(7).statistics = std::nullopt;
  readings.columns.at(8).statistics = 50;
  readings.foreign_keys.at(0).match_full = false;

  auto result = autogen::compare(changed, read());
  const auto ops = described(result.upgrade);
  EXPECT_THAT(ops, Contains("alter_column readings.flags"));
  EXPECT_THAT(ops, Contains("alter_column readings.span"));
  EXPECT_THAT(ops, Contains("alter_column readings.owner_id"));
  EXPECT_THAT(ops, Contains("alter_column readings.owner_region"));
  EXPECT_THAT(ops, Contains("add_constraint fk_owner on readings"));

  testing::apply(*db, result.upgrade);
  auto after = autogen::compare(changed, read());
  EXPECT_THAT(described(after.upgrade), IsEmpty());
  // And back: the downgrade restores every detail.
  testing::apply(*db, retort::reverse(result.upgrade));
  auto restored = autogen::compare(detailed_model(), read());
  EXPECT_THAT(described(restored.upgrade), IsEmpty());
}

TEST(type_details_render, modifiers_fields_match_and_statistics_are_sql) {
  render::postgres_dialect dialect;
  EXPECT_EQ(
      dialect.render_type(type::custom("geometry", {.schema = "gis", .modifiers = "Point,4326"})),
      "\"gis\".\"geometry\"(Point,4326)");
  EXPECT_EQ(dialect.render_type(type::interval(type::interval_fields::hour_to_second, 0)),
            "interval hour to second(0)");
  // Modifiers are rendered as written, so what could end them is refused.
  EXPECT_THROW(
      (void)dialect.render_type(type::custom("bit", {.modifiers = "1); DROP TABLE x; --"})), error);
  const auto statements = dialect.render(
      op::add_column("readings", op::column("extra", type::bigint(), {.statistics = 1000})));
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1].sql,
            "ALTER TABLE \"readings\" ALTER COLUMN \"extra\" SET STATISTICS 1000");
}

}  // namespace
}  // namespace retort
