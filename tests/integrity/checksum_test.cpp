// Source checksums: computed by the build, recorded when a migration is applied, and a changed
// one refused before anything runs until `retort repair` accepts it. Applied revisions that no
// plugin declares are refused unless --allow-missing.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "digest/source_checksum.hpp"
#include "integrity/runner.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
namespace exit_code = cli::exit_code;

class checksums : public testing::integrity_fixture {};

std::string source(const std::string& file) {
  return std::string(RETORT_INTEGRITY_PLUGIN_SOURCES) + "/" + file;
}

TEST(source_checksum, ignores_a_byte_order_mark_and_crlf_line_endings_only) {
  const auto lf = digest::source_checksum("int a;\nint b;\n");
  EXPECT_EQ(digest::source_checksum("int a;\r\nint b;\r\n"), lf);
  EXPECT_EQ(digest::source_checksum("\xEF\xBB\xBFint a;\r\nint b;\n"), lf);
  EXPECT_NE(digest::source_checksum("int a;\rint b;\r"), lf);
  EXPECT_NE(digest::source_checksum("int a;\nint b; \n"), lf);
  EXPECT_NE(digest::source_checksum("int a;\nint b;"), lf);
  // SHA-256 of the empty text, as published.
  EXPECT_EQ(digest::source_checksum("\xEF\xBB\xBF"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(source_checksum, its_form_is_64_lowercase_hex_digits_and_nothing_else) {
  const std::string good = digest::source_checksum("int a;\n");
  EXPECT_TRUE(digest::is_checksum(good));
  EXPECT_TRUE(digest::is_checksum(std::string(64, '0')));
  EXPECT_TRUE(digest::is_checksum(std::string(64, 'f')));
  EXPECT_FALSE(digest::is_checksum(good.substr(1)));
  EXPECT_FALSE(digest::is_checksum(good + "0"));
  EXPECT_FALSE(digest::is_checksum(""));
  // One character out of place, wherever it stands: each vector lane is checked.
  for (std::size_t at = 0; at < 64; ++at) {
    for (const char wrong : {'A', 'F', 'g', '/', ':', '`', ' ', '\0', '\xff', '\x80'}) {
      auto bad = good;
      bad[at] = wrong;
      ASSERT_FALSE(digest::is_checksum(bad)) << "'" << wrong << "' at " << at;
    }
  }
}

TEST(source_checksum, the_build_program_gives_a_crlf_copy_with_a_bom_the_same_checksum) {
  const auto original = source("things_weight.cpp");
  std::ifstream in(original, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string crlf = "\xEF\xBB\xBF";
  for (char c : text) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  const auto copy =
      std::filesystem::temp_directory_path() / ("retort-crlf-" + std::to_string(getpid()) + ".cpp");
  std::ofstream(copy, std::ios::binary) << crlf;

  auto r = testing::run({"source-checksums", original, copy.string()});
  std::filesystem::remove(copy);
  ASSERT_EQ(r.status, exit_code::ok) << r.output;
  const auto sum = digest::source_checksum_of_file(original);
  EXPECT_THAT(r.output, HasSubstr("dddd00000002 " + sum + " " + original));
  EXPECT_THAT(r.output, HasSubstr("dddd00000002 " + sum + " " + copy.string()));
}

TEST_F(checksums, a_changed_applied_migration_is_refused_before_anything_changes) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "dddd00000002"})).status, exit_code::ok);
  const auto rows_before = history("id");

  // The same revision, rebuilt from an edited source; a downgrade would run its code.
  for (auto verb : {"upgrade", "downgrade"}) {
    auto r =
        testing::run(args("v1_edited", {verb, verb == std::string("upgrade") ? "head" : "base"}));
    EXPECT_EQ(r.status, exit_code::integrity) << r.output;
    // The file as the compiler saw it (relative to the build directory with Makefiles).
    EXPECT_THAT(r.output, HasSubstr("revision dddd00000002 was applied from a different source "
                                    "than "));
    EXPECT_THAT(r.output, HasSubstr("things_weight_edited.cpp holds now"));
    EXPECT_THAT(r.output, HasSubstr("recorded checksum: " +
                                    digest::source_checksum_of_file(source("things_weight.cpp"))));
    EXPECT_THAT(r.output, HasSubstr("checksum now:      " + digest::source_checksum_of_file(source(
                                                                "things_weight_edited.cpp"))));
    EXPECT_THAT(r.output, HasSubstr("retort repair"));
  }
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000002"));
  EXPECT_EQ(history("id"), rows_before);
  EXPECT_THAT(db_.columns("things"),
              ElementsAre("id integer YES", "name text YES", "weight integer YES"));
}

TEST_F(checksums, repair_accepts_the_new_checksum_on_the_record_and_runs_proceed) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "head"})).status, exit_code::ok);
  ASSERT_EQ(testing::run(args("v1_edited", {"upgrade", "head"})).status, exit_code::integrity);

  auto repair = testing::run(args("v1_edited", {"repair"}));
  EXPECT_EQ(repair.status, exit_code::ok) << repair.output;
  const auto old_sum = digest::source_checksum_of_file(source("things_weight.cpp"));
  const auto new_sum = digest::source_checksum_of_file(source("things_weight_edited.cpp"));
  EXPECT_THAT(repair.output, HasSubstr("Accepted the new checksum of dddd00000002"));
  EXPECT_THAT(history("revision || ' ' || direction || ' ' || outcome || ' ' || "
                      "source_checksum || ' ' || detail")
                  .back(),
              "dddd00000002 repair accepted " + new_sum + " checksum was " + old_sum);

  auto after = testing::run(args("v1_edited", {"downgrade", "base"}));
  EXPECT_EQ(after.status, exit_code::ok) << after.output;
  EXPECT_THAT(db_.versions(), ::testing::IsEmpty());
  // Accepted once: nothing more to repair.
  EXPECT_THAT(testing::run(args("v1_edited", {"repair"})).output, HasSubstr("Nothing to repair"));
}

TEST_F(checksums, an_applied_revision_missing_from_the_plugins_is_refused_unless_allowed) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "head"})).status, exit_code::ok);
  // Someone stamps back and deletes the migration: the history still says it was applied.
  ASSERT_EQ(testing::run(args("v1", {"stamp", "dddd00000001"})).status, exit_code::ok);
  const auto rows_before = history("id");

  auto refused = testing::run(args("base_only", {"upgrade", "head"}));
  EXPECT_EQ(refused.status, exit_code::integrity) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("says revision dddd00000002 is applied, but no plugin in " +
                                        bundle("base_only") + " declares it"));
  EXPECT_THAT(refused.output, HasSubstr("--allow-missing"));
  EXPECT_EQ(history("id"), rows_before);

  auto allowed = testing::run(args("base_only", {"--allow-missing", "upgrade", "head"}));
  EXPECT_EQ(allowed.status, exit_code::ok) << allowed.output;
  EXPECT_THAT(allowed.output, HasSubstr("not in the plugins (--allow-missing)"));
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000001"));
}

TEST_F(checksums, an_unknown_revision_in_the_version_table_is_refused_before_any_change) {
  ASSERT_EQ(testing::run(args("v1", {"upgrade", "head"})).status, exit_code::ok);
  const auto rows_before = history("id");

  auto r = testing::run(args("base_only", {"--allow-missing", "upgrade", "head"}));
  EXPECT_NE(r.status, exit_code::ok) << r.output;
  EXPECT_THAT(r.output, HasSubstr("dddd00000002"));
  EXPECT_THAT(db_.versions(), ElementsAre("dddd00000002"));
  EXPECT_EQ(history("id"), rows_before);
}

}  // namespace
}  // namespace retort
