// Rows appended to the history table come back as written, in order: whatever characters a
// revision's file name or an error message holds, however many steps a run recorded at once.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "integration/database.hpp"
#include "pg/session.hpp"
#include "store/history_table.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::SizeIs;

class history_append : public ::testing::Test {
 protected:
  history_append()
      : url_(testing::fresh_database_url()),
        db_(url_),
        session_(pg::session::connect(url_)),
        history_(*session_, {}) {
    history_.ensure_exists();
  }

  // Oldest first, as appended.
  std::vector<store::history_row> rows() {
    auto newest_first = history_.rows(0, "");
    return {newest_first.rbegin(), newest_first.rend()};
  }

  std::string url_;
  testing::database db_;
  std::unique_ptr<pg::session> session_;
  store::history_table history_;
};

// A step's own row goes as a VALUES list, a run's many rows as arrays: both ways are tried.
TEST_F(history_append, text_that_looks_like_array_syntax_or_null_comes_back_as_written) {
  const std::vector<std::string> awkward{R"(a "quoted" name)",
                                         R"(back\slash and \" both)",
                                         "{braces},commas,",
                                         "NULL",
                                         "null",
                                         "line\nbreak\ttab",
                                         "  spaces  ",
                                         "ünïcødé ✓",
                                         "'single' quotes; DROP TABLE x; --"};
  const auto now = std::chrono::steady_clock::now();
  std::vector<store::history_table::late_entry> entries;
  for (std::size_t i = 0; i < awkward.size(); ++i) {
    entries.push_back({{.revision = "r" + std::to_string(i),
                        .direction = "upgrade",
                        .outcome = i % 2 == 0 ? "applied" : "failed",
                        .duration = 1500us,
                        .source_checksum = awkward[i],
                        .plugin_sha256 = awkward[(i + 1) % awkward.size()],
                        .source_file = awkward[(i + 2) % awkward.size()],
                        .detail = awkward[(i + 3) % awkward.size()]},
                       now});
  }
  history_.append(entries);
  for (const auto& entry : entries) {
    history_.append({entry});
  }

  const auto read = rows();
  ASSERT_THAT(read, SizeIs(2 * awkward.size()));
  for (std::size_t row = 0; row < read.size(); ++row) {
    SCOPED_TRACE(row);
    const auto i = row % awkward.size();
    EXPECT_EQ(read[row].revision, "r" + std::to_string(i));
    EXPECT_EQ(read[row].outcome, i % 2 == 0 ? "applied" : "failed");
    EXPECT_EQ(read[row].duration_ms, "1.5");
    EXPECT_EQ(read[row].source_checksum, awkward[i]);
    EXPECT_EQ(read[row].plugin_sha256, awkward[(i + 1) % awkward.size()]);
    EXPECT_EQ(read[row].source_file, awkward[(i + 2) % awkward.size()]);
    EXPECT_EQ(read[row].detail, awkward[(i + 3) % awkward.size()]);
  }
}

// Whatever the server makes of a bare NULL in an array: array_nulls may be off for a role or a
// database, and then it is the four-letter string.
TEST_F(history_append, empty_fields_are_null_and_the_string_null_is_not) {
  const auto now = std::chrono::steady_clock::now();
  const std::vector<store::history_table::late_entry> two{
      {{.revision = "r0", .direction = "stamp", .outcome = "stamped"}, now},
      {{.revision = "r1",
        .direction = "upgrade",
        .outcome = "applied",
        .source_checksum = "NULL",
        .detail = "NULL"},
       now}};
  for (const std::string setting : {"on", "off"}) {
    for (const std::size_t count : {2, 6}) {
      SCOPED_TRACE(fmt::format("array_nulls {}, {} rows", setting, count));
      session_->exec("SET array_nulls = " + setting);
      std::vector<store::history_table::late_entry> entries;
      for (std::size_t i = 0; i < count; ++i) {
        entries.push_back(two[i % 2]);
      }
      history_.append(entries);
      EXPECT_THAT(db_.column(fmt::format(
                      "SELECT coalesce(source_checksum, '<null>') || ' ' || "
                      "coalesce(plugin_sha256, '<null>') || ' ' || coalesce(source_file, "
                      "'<null>') || ' ' || coalesce(detail, '<null>') FROM (SELECT * FROM "
                      "alembic_version_history ORDER BY id DESC LIMIT {}) newest ORDER BY id "
                      "LIMIT 2",
                      count)),
                  ElementsAre("<null> <null> <null> <null>", "NULL <null> <null> NULL"));
    }
  }
}

TEST_F(history_append, thousands_of_rows_at_once_keep_their_order_and_their_times) {
  // A row's started_at is when its step began: its end, as long ago as it ended, less its
  // duration. Steps a second apart, each taking 10 ms.
  constexpr std::size_t count = 2500;
  const auto end = std::chrono::steady_clock::now();
  std::vector<store::history_table::late_entry> entries;
  for (std::size_t i = 0; i < count; ++i) {
    const auto ended = end - std::chrono::seconds(count - i);
    entries.push_back({{.revision = "r" + std::to_string(i),
                        .direction = "upgrade",
                        .outcome = "applied",
                        .duration = 10ms},
                       ended});
  }
  history_.append(entries);

  const auto read = rows();
  ASSERT_THAT(read, SizeIs(count));
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_EQ(read[i].revision, "r" + std::to_string(i)) << "row " << i;
  }
  // Consecutive steps began a second apart, give or take the clock's reading in the statement.
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM (SELECT started_at - lag(started_at) OVER (ORDER BY "
                       "id) AS gap FROM alembic_version_history) g WHERE gap IS NOT NULL AND gap "
                       "BETWEEN interval '0.9 s' AND interval '1.1 s'"),
            std::to_string(count - 1));
  EXPECT_EQ(db_.scalar("SELECT (max(started_at) < clock_timestamp() - interval '1 s' AND "
                       "max(started_at) > clock_timestamp() - interval '1 min')::text FROM "
                       "alembic_version_history"),
            "true");
}

}  // namespace
}  // namespace retort
