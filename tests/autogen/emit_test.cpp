// Operations as C++ source, compared with golden files. The golden files are also compiled into
// the database tests and applied there (round_trip_test.cpp), so every emitted text builds and
// does what it says. RETORT_UPDATE_GOLDEN=1 rewrites them.
#include "emit/cpp_source.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/compare.hpp"
#include "autogen/golden_cases.hpp"
#include "autogen/rich_model.hpp"
#include "scaffold/script.hpp"

namespace retort::emit {
namespace {

using ::testing::HasSubstr;
namespace type = op::type;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class golden : public ::testing::TestWithParam<testing::golden_case> {};

TEST_P(golden, emitted_source_matches_the_golden_file) {
  const auto& c = GetParam();
  auto ops = autogen::compare(c.desired(), c.actual()).upgrade;
  scaffold::script_fields fields{
      .revision = c.revision,
      .down_revision = c.down_revision,
      .message = c.message,
      .create_date = std::chrono::system_clock::time_point(std::chrono::hours(24 * 20762)),
      .upgrades = upgrade_body(ops),
      .downgrades = downgrade_body(ops)};
  auto text = scaffold::render_script(scaffold::default_script_template(), "built-in", fields);
  auto path = std::string(RETORT_GOLDEN_DIR) + "/" + c.file;
  if (std::getenv("RETORT_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << text;
  }
  EXPECT_EQ(text, read_file(path)) << "RETORT_UPDATE_GOLDEN=1 rewrites " << path;
}

INSTANTIATE_TEST_SUITE_P(autogenerate, golden, ::testing::ValuesIn(testing::golden_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(emit, an_empty_upgrade_is_an_empty_list) {
  EXPECT_EQ(upgrade_body({}), "  return {};");
  EXPECT_EQ(downgrade_body({}), "  return {};");
}

TEST(emit, an_operation_without_a_reverse_is_marked_in_the_downgrade) {
  auto body = downgrade_body(
      {op::add_enum_value("mood", "calm"), op::add_column("t", op::column("c", type::text()))});
  EXPECT_EQ(
      body,
      "  return {\n"
      "      op::drop_column(\"t\", \"c\", {.existing = op::column(\"c\", "
      "op::type::text())}),\n"
      "      // IRREVERSIBLE: add_enum_value calm to mood: PostgreSQL cannot remove a label from "
      "an "
      "enum\n"
      "      // type; to undo it, create a new type without the label and convert the columns, "
      "or leave the\n"
      "      // label in place\n"
      "  };");
}

TEST(emit, ten_operations_are_one_list_and_more_are_appended_ten_to_a_function) {
  operations ten;
  for (int i = 0; i < 10; ++i) {
    ten.push_back(op::execute("SELECT " + std::to_string(i)));
  }
  EXPECT_THAT(upgrade_body(ten), ::testing::StartsWith("  return {\n"));

  operations many = ten;
  for (int i = 10; i < 23; ++i) {
    many.push_back(op::execute("SELECT " + std::to_string(i)));
  }
  auto body = upgrade_body(many);
  EXPECT_THAT(body,
              ::testing::StartsWith("  // 23 operations in groups of 10, each group a function "
                                    "of its own: the compiler's time grows\n"
                                    "  // linearly with them.\n"
                                    "  retort::operations ops;\n"
                                    "  [&ops] {\n"
                                    "    ops.append({\n"
                                    "        op::execute(\"SELECT 0\"),\n"));
  EXPECT_THAT(body, HasSubstr("        op::execute(\"SELECT 9\"),\n"
                              "    });\n"
                              "  }();\n"
                              "  [&ops] {\n"
                              "    ops.append({\n"
                              "        op::execute(\"SELECT 10\"),\n"));
  EXPECT_THAT(body, ::testing::EndsWith("        op::execute(\"SELECT 22\"),\n"
                                        "    });\n"
                                        "  }();\n"
                                        "  return ops;"));
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

TEST(emit, a_grouped_downgrade_keeps_its_irreversible_comments_in_place) {
  // Reversed, the comment for the enum value comes first, where a group opens.
  operations first;
  for (int i = 0; i < 11; ++i) {
    first.push_back(op::add_column("t", op::column("c" + std::to_string(i), type::text())));
  }
  first.push_back(op::add_enum_value("mood", "calm"));
  // Reversed, the comment comes right after a full group of ten.
  operations after_ten{op::add_column("t", op::column("c", type::text())),
                       op::add_enum_value("mood", "calm")};
  for (int i = 0; i < 10; ++i) {
    after_ten.push_back(op::add_column("u", op::column("d" + std::to_string(i), type::text())));
  }

  for (const auto* ops : {&first, &after_ten}) {
    auto body = downgrade_body(*ops);
    // Two groups, each opened once and closed once, and the comment inside one of them.
    EXPECT_EQ(occurrences(body, "[&ops] {\n    ops.append({\n"), 2U) << body;
    EXPECT_EQ(occurrences(body, "    });\n  }();\n"), 2U) << body;
    EXPECT_THAT(body, HasSubstr("        // IRREVERSIBLE: add_enum_value calm")) << body;
    EXPECT_THAT(body, ::testing::EndsWith("  }();\n  return ops;")) << body;
  }
  EXPECT_THAT(downgrade_body(first),
              ::testing::StartsWith("  // 11 operations in groups of 10, each group a function of "
                                    "its own: the compiler's time grows\n"
                                    "  // linearly with them.\n"
                                    "  retort::operations ops;\n"
                                    "  [&ops] {\n"
                                    "    ops.append({\n"
                                    "        // IRREVERSIBLE: add_enum_value calm"));
}

TEST(emit, long_calls_break_one_argument_per_line_within_100_columns) {
  auto text = expression(op::create_index("ix_a_very_long_index_name_for_layout", "products",
                                          {"producer_id", "name", "created_at"},
                                          {.unique = true, .where = "active AND price > 0"}),
                         6);
  EXPECT_EQ(text,
            "op::create_index(\n"
            "          \"ix_a_very_long_index_name_for_layout\",\n"
            "          \"products\",\n"
            "          {\"producer_id\", \"name\", \"created_at\"},\n"
            "          {.unique = true, .where = \"active AND price > 0\"})");
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    EXPECT_LE(line.size() + 6, 100U) << line;
  }
}

// The same spellings are compiled in type_details_test.cpp, which builds these from the DSL.
TEST(emit, type_modifiers_interval_fields_statistics_and_match_full_are_written) {
  EXPECT_THAT(
      expression(op::add_column(
          "readings",
          op::column("flags", type::custom("bit", {.modifiers = "24"}), {.statistics = 500}))),
      HasSubstr(
          R"(op::column("flags", op::type::custom("bit", {.modifiers = "24"}), {.statistics = 500}))"));
  EXPECT_THAT(
      expression(op::add_column(
          "readings", op::column("span", type::interval(type::interval_fields::day_to_second, 3)))),
      HasSubstr(
          R"(op::column("span", op::type::interval(op::type::interval_fields::day_to_second, 3)))"));
  EXPECT_EQ(expression(op::create_foreign_key("fk", "a", "b", {"x"}, {"id"}, {.match_full = true})),
            R"(op::create_foreign_key("fk", "a", "b", {"x"}, {"id"}, {.match_full = true}))");
  EXPECT_EQ(expression(op::alter_column("a", "x", {.statistics = -1, .existing_statistics = 50})),
            R"(op::alter_column("a", "x", {.statistics = -1, .existing_statistics = 50}))");
}

TEST(emit, strings_are_escaped_as_cpp_literals) {
  EXPECT_EQ(expression(op::set_table_comment("t", "say \"hi\"\n\\o/")),
            R"(op::set_table_comment("t", "say \"hi\"\n\\o/"))");
}

TEST(emit, a_long_string_of_several_lines_becomes_one_literal_a_line) {
  const std::string view =
      "CREATE VIEW sales.order_totals AS\n SELECT o.id,\n    sum(l.price) AS total\n   FROM "
      "(sales.orders o\n     JOIN sales.order_lines l ON ((l.order_id = o.id)))";
  EXPECT_EQ(expression(op::execute(view, {.reverse_sql = "DROP VIEW sales.order_totals"})),
            "op::execute(\n"
            "    \"CREATE VIEW sales.order_totals AS\\n\"\n"
            "    \" SELECT o.id,\\n\"\n"
            "    \"    sum(l.price) AS total\\n\"\n"
            "    \"   FROM (sales.orders o\\n\"\n"
            "    \"     JOIN sales.order_lines l ON ((l.order_id = o.id)))\",\n"
            "    {.reverse_sql = \"DROP VIEW sales.order_totals\"})");
}

}  // namespace
}  // namespace retort::emit
