// Slugs, file names, ids, dates and the template engine: pure functions, exact results.
#include <retort/errors.hpp>

#include <chrono>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/error_of.hpp"

#include "scaffold/naming.hpp"
#include "scaffold/script.hpp"
#include "scaffold/template_engine.hpp"

namespace retort::scaffold {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using namespace std::chrono;

// 2026-11-05 10:07:09 UTC.
const system_clock::time_point when = sys_days{2026y / November / 5} + 10h + 7min + 9s;

using retort::testing::error_of;

TEST(scaffold_naming, slug_is_the_lower_case_words_joined_by_underscores) {
  EXPECT_EQ(make_slug("Add alcohol column to products", 40), "add_alcohol_column_to_products");
  EXPECT_EQ(make_slug("  index: products(name) -- ILIKE '%x%'  ", 40),
            "index_products_name_ilike_x");
  EXPECT_EQ(make_slug("keep_snake_case words", 40), "keep_snake_case_words");
  EXPECT_EQ(make_slug("Crème brûlée — prices", 40), "crème_brûlée_prices");
  EXPECT_EQ(make_slug("!!!", 40), "");
}

TEST(scaffold_naming, slug_is_cut_on_a_word_boundary_as_alembic_does) {
  // Alembic: slug[:40].rsplit("_", 1)[0] + "_".
  EXPECT_EQ(make_slug("add a column for the tasting notes of each wine we sell", 40),
            "add_a_column_for_the_tasting_notes_of_");
  EXPECT_EQ(make_slug("exactly forty characters in this message", 40),
            "exactly_forty_characters_in_this_message");
  EXPECT_EQ(make_slug("supercalifragilisticexpialidocious_is_long", 10), "supercalif_");
  // Characters, not bytes: a cut never splits a UTF-8 sequence.
  EXPECT_EQ(make_slug("éééééééééé ééé", 10), "éééééééééé_");
}

TEST(scaffold_naming, default_file_template_gives_date_time_id_and_slug) {
  EXPECT_EQ(render_file_name(default_file_template,
                             {.rev = "ae1027a6acf0", .slug = "add_notes", .create_date = when}),
            "20261105_1007_ae1027a6acf0_add_notes.cpp");
}

TEST(scaffold_naming, file_template_follows_python_percent_format) {
  const file_name_fields fields{.rev = "ae1027a6acf0", .slug = "add_notes", .create_date = when};
  EXPECT_EQ(render_file_name("%(rev)s_%(slug)s", fields), "ae1027a6acf0_add_notes.cpp");
  EXPECT_EQ(render_file_name("%(epoch)d_%(rev)s", fields), "1793873229_ae1027a6acf0.cpp");
  EXPECT_EQ(
      render_file_name("%(year)d-%(month)02d-%(day)02dT%(hour)d%(minute).2d%(second).2d", fields),
      "2026-11-05T100709.cpp");
  EXPECT_EQ(render_file_name("%(month)3d|%(month)-3d|%(rev).4s|100%%", fields),
            " 11|11 |ae10|100%.cpp");
  EXPECT_EQ(render_file_name("%(year)d/%(rev)s", fields), "2026/ae1027a6acf0.cpp");
}

TEST(scaffold_naming, file_template_refuses_what_it_does_not_know) {
  const file_name_fields fields{.rev = "r", .slug = "s", .create_date = when};
  EXPECT_THAT(error_of<config_error>([&] { (void)render_file_name("%(revision)s", fields); }),
              HasSubstr("unknown key `revision`"));
  EXPECT_THAT(error_of<config_error>([&] { (void)render_file_name("%(rev)x", fields); }),
              HasSubstr("unsupported conversion `x`"));
  EXPECT_THAT(error_of<config_error>([&] { (void)render_file_name("%(slug)d", fields); }),
              HasSubstr("`slug` is text"));
  EXPECT_THAT(error_of<config_error>([&] { (void)render_file_name("{year}_%(rev)s%", fields); }),
              HasSubstr("a `%` not followed by (key)"));
  EXPECT_THAT(error_of<config_error>([&] { (void)render_file_name("../%(rev)s", fields); }),
              HasSubstr("not a relative path inside the versions directory"));
  EXPECT_THAT(error_of<config_error>([&] { (void)render_file_name("/abs/%(rev)s", fields); }),
              HasSubstr("not a relative path inside the versions directory"));
}

TEST(scaffold_naming, random_ids_are_12_hex_digits_and_differ) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    auto id = random_revision_id();
    EXPECT_THAT(id, MatchesRegex("[0-9a-f]{12}"));
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100U);
}

TEST(scaffold_naming, create_date_is_utc) {
  EXPECT_EQ(format_create_date(when), "2026-11-05 10:07:09 UTC");
  EXPECT_EQ(format_create_date(system_clock::time_point{}), "1970-01-01 00:00:00 UTC");
}

TEST(scaffold_template, substitutes_variables_and_escapes) {
  const template_variables vars{{"a", "1"}, {"name", "x y"}};
  EXPECT_EQ(render_template("${a}-${name}, $$, $5 and $", vars, "t"), "1-x y, $, $5 and $");
  EXPECT_EQ(render_template("cost: $$${a}", vars, "t"), "cost: $1");
}

TEST(scaffold_template, trims_trailing_blanks_of_every_line) {
  EXPECT_EQ(render_template("// Revises: ${a}\t\n  keep\n", {{"a", ""}}, "t"),
            "// Revises:\n  keep\n");
}

TEST(scaffold_template, unknown_and_unclosed_variables_name_the_template_and_line) {
  const template_variables vars{{"revision", "r"}, {"message", "m"}};
  EXPECT_EQ(error_of<config_error>([&] { (void)render_template("a\n${revison}", vars, "t.tmpl"); }),
            "t.tmpl:2: unknown template variable ${revison}; known variables: ${message}, "
            "${revision}");
  EXPECT_THAT(
      error_of<config_error>([&] { (void)render_template("${message\n}", vars, "t.tmpl"); }),
      HasSubstr("t.tmpl:1: `${` is not closed"));
}

TEST(scaffold_template, cpp_string_literal_escapes_what_must_be_escaped) {
  EXPECT_EQ(cpp_string_literal("plain"), "\"plain\"");
  EXPECT_EQ(cpp_string_literal("say \"hi\" \\ now"), R"("say \"hi\" \\ now")");
  EXPECT_EQ(cpp_string_literal("a\nb\tc\x01"
                               "9"),
            R"("a\nb\tc\0019")");
  EXPECT_EQ(cpp_string_literal("crème"), "\"crème\"");
}

TEST(scaffold_template, script_variables) {
  const auto vars = variables_of({.revision = "r2",
                                  .down_revision = {"a1", "b2"},
                                  .message = "two\nlines",
                                  .branch_labels = {"billing"},
                                  .depends_on = {},
                                  .create_date = when});
  EXPECT_EQ(vars.at("revision"), "r2");
  EXPECT_EQ(vars.at("down_revision_list"), R"({"a1", "b2"})");
  EXPECT_EQ(vars.at("revises"), "a1, b2");
  EXPECT_EQ(vars.at("message"), "two lines");
  EXPECT_EQ(vars.at("message_literal"), R"("two\nlines")");
  EXPECT_EQ(vars.at("branch_labels"), R"({"billing"})");
  EXPECT_EQ(vars.at("depends_on"), "{}");
  EXPECT_EQ(vars.at("create_date"), "2026-11-05 10:07:09 UTC");
  EXPECT_THAT(vars.at("upgrades"), HasSubstr("  return {};"))
      << "a hand-written revision gets the placeholder";
  EXPECT_THAT(vars.at("downgrades"), HasSubstr("  return {};"));
  EXPECT_EQ(vars.at("preamble"), "") << "only `revision --data` fills it";
  EXPECT_EQ(vars.size(), 11U);
  const auto autogenerated =
      variables_of({.revision = "r3", .upgrades = "  return {x};", .downgrades = "  return {y};"});
  EXPECT_EQ(autogenerated.at("upgrades"), "  return {x};");
  EXPECT_EQ(autogenerated.at("downgrades"), "  return {y};");
}

}  // namespace
}  // namespace retort::scaffold
