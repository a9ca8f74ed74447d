// Raw objects (what op:: cannot express) in compare, no database: when each is created and
// dropped, what a change recreates, and which filters apply.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/compare.hpp"

namespace retort::autogen {
namespace {

namespace type = op::type;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A domain a table uses, a function a trigger runs, a view on the table and a view on that
// view, declared in an order unlike the one they must be created in.
model::schema shop() {
  model::schema s;
  s.raw("view", "big_orders", "CREATE VIEW big_orders AS SELECT * FROM order_totals",
        "DROP VIEW big_orders", {.depends_on = {"view:order_totals"}});
  s.raw("trigger", "orders.audit", "CREATE TRIGGER audit ...", "DROP TRIGGER audit ON orders",
        {.depends_on = {"function:log()"}, .after_tables = true, .table = "orders"});
  s.raw("view", "order_totals", "CREATE VIEW order_totals AS SELECT id FROM orders",
        "DROP VIEW order_totals", {.after_tables = true});
  s.raw("function", "log()", "CREATE OR REPLACE FUNCTION log() ...", "DROP FUNCTION log()",
        {.replaceable = true});
  s.raw("domain", "money", "CREATE DOMAIN money AS numeric", "DROP DOMAIN money");
  s.table("orders")
      .column("id", type::integer(), {.primary_key = true})
      .column("total", type::custom("money"));
  return s;
}

std::vector<std::string> sql_of(const operations& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    if (const auto* e = std::get_if<ops::execute>(&op)) {
      out.push_back(e->sql.substr(0, e->sql.find(' ', e->sql.find(' ') + 1)));
    } else {
      out.push_back("table op");
    }
  }
  return out;
}

TEST(raw_objects, are_created_around_the_tables_in_dependency_order_and_dropped_in_reverse) {
  auto result = compare(shop(), {});
  EXPECT_THAT(sql_of(result.upgrade), ElementsAre("CREATE OR", "CREATE DOMAIN", "table op",
                                                  "CREATE VIEW", "CREATE VIEW", "CREATE TRIGGER"));
  // The function a trigger needs comes before the tables: only what reads tables waits.
  EXPECT_THAT(
      result.carried_as_sql,
      ElementsAre("create function log()", "create domain money", "create view order_totals",
                  "create view big_orders", "create trigger orders.audit"));

  auto teardown = compare({}, shop());
  EXPECT_THAT(sql_of(teardown.upgrade), ElementsAre("DROP TRIGGER", "DROP VIEW", "DROP VIEW",
                                                    "table op", "DROP DOMAIN", "DROP FUNCTION"));
}

TEST(raw_objects, each_carries_its_reverse) {
  auto result = compare(shop(), {});
  const auto& view = std::get<ops::execute>(result.upgrade.at(4));
  EXPECT_EQ(view.sql, "CREATE VIEW big_orders AS SELECT * FROM order_totals");
  EXPECT_EQ(view.reverse_sql, "DROP VIEW big_orders");
}

TEST(raw_objects, the_same_definitions_need_nothing) {
  EXPECT_THAT(compare(shop(), shop()).upgrade, IsEmpty());
}

TEST(raw_objects, a_changed_view_is_recreated_with_the_views_that_read_it) {
  auto changed = shop();
  changed.raw_objects.at(2).create_sql = "CREATE VIEW order_totals AS SELECT id, total FROM orders";
  auto result = compare(changed, shop());
  EXPECT_THAT(result.carried_as_sql,
              ElementsAre("drop view big_orders", "drop view order_totals",
                          "create view order_totals", "create view big_orders"));
}

TEST(raw_objects, a_changed_function_is_replaced_in_place_and_what_uses_it_stays) {
  auto changed = shop();
  changed.raw_objects.at(3).create_sql = "CREATE OR REPLACE FUNCTION log() ... v2";
  auto result = compare(changed, shop());
  EXPECT_THAT(result.carried_as_sql, ElementsAre("replace function log()"));
  const auto& replace = std::get<ops::execute>(result.upgrade.at(0));
  EXPECT_EQ(replace.sql, "CREATE OR REPLACE FUNCTION log() ... v2");
  EXPECT_EQ(replace.reverse_sql, "CREATE OR REPLACE FUNCTION log() ...");
}

TEST(raw_objects, table_filters_match_their_names_and_a_trigger_by_its_table) {
  auto result = compare(shop(), {}, {.filters = {.exclude_tables = {"orders", "big_*"}}});
  EXPECT_THAT(result.carried_as_sql, ElementsAre("create function log()", "create domain money",
                                                 "create view order_totals"));
}

TEST(raw_objects, a_default_schema_qualified_dependency_is_the_same_object) {
  auto declared = shop();
  declared.raw_objects.at(0).depends_on = {"view:public.order_totals"};
  EXPECT_THAT(compare(declared, shop()).upgrade, IsEmpty());
}

}  // namespace
}  // namespace retort::autogen
