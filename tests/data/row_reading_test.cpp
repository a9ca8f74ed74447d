// Reading fields as C++ types and sending parameters, through the session a data step gets,
// on a real server.
#include <retort/session.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "executor/data_session.hpp"
#include "pg/session.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;

class row_reading : public ::testing::Test {
 protected:
  row_reading() : connection_(pg::session::connect(testing::fresh_database_url())) {
    connection_->begin();
  }

  // The one value of `sql` read as a T.
  template <class T>
  T value(const std::string& sql) {
    return session_.query_value<T>(sql);
  }

  // The message of the data_error reading `sql`'s value as a T throws.
  template <class T>
  std::string refusal(const std::string& sql) {
    try {
      (void)value<T>(sql);
    } catch (const data_error& e) {
      return e.what();
    }
    return "no error";
  }

  std::unique_ptr<pg::session> connection_;
  executor::data_session session_{*connection_};
};

TEST_F(row_reading, numbers_read_as_the_cpp_types_that_hold_them) {
  EXPECT_EQ(value<std::int64_t>("SELECT 9007199254740993::bigint"), 9007199254740993);
  EXPECT_EQ(value<std::int16_t>("SELECT (-32768)::smallint"), -32768);
  EXPECT_EQ(value<int>("SELECT 42"), 42);
  EXPECT_DOUBLE_EQ(value<double>("SELECT 0.1::float8"), 0.1);
  EXPECT_DOUBLE_EQ(value<double>("SELECT 12345.678::numeric(10,3)"), 12345.678);
  EXPECT_EQ(value<double>("SELECT '-Infinity'::float8"), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(value<double>("SELECT 'NaN'::float8")));
  EXPECT_TRUE(value<bool>("SELECT true"));
  EXPECT_FALSE(value<bool>("SELECT false"));
  EXPECT_EQ(value<std::string>("SELECT '2026-12-06'::date"), "2026-12-06");
}

TEST_F(row_reading, null_reads_as_an_empty_optional_and_is_refused_otherwise) {
  EXPECT_EQ(value<std::optional<std::string>>("SELECT NULL::text"), std::nullopt);
  EXPECT_EQ(value<std::optional<int>>("SELECT 5"), 5);
  EXPECT_THAT(refusal<int>("SELECT NULL::int AS n"),
              HasSubstr("column \"n\" of row 1 (n = NULL) is NULL; read it as "
                        "std::optional<std::int32_t>"));
}

TEST_F(row_reading, a_value_out_of_range_or_of_another_type_is_refused_with_both_types) {
  EXPECT_THAT(refusal<std::int16_t>("SELECT 40000 AS n"),
              HasSubstr("column \"n\" of row 1 (n = 40000) (integer) holds \"40000\", which is not "
                        "a std::int16_t"));
  EXPECT_THAT(refusal<std::int64_t>("SELECT 'x'::text AS t"),
              HasSubstr("is text, which does not read as std::int64_t"));
  EXPECT_THAT(refusal<bool>("SELECT 1 AS one"),
              HasSubstr("is integer, which does not read as bool"));
  EXPECT_THAT(refusal<int>("SELECT 1, 2"), HasSubstr("returned 2 columns; one was expected"));
  EXPECT_THAT(refusal<int>("SELECT 1 WHERE false"), HasSubstr("returned no row"));
  EXPECT_THAT(refusal<int>("SELECT generate_series(1, 2)"),
              HasSubstr("returned more than one row"));
}

TEST_F(row_reading, parameters_travel_apart_from_the_sql) {
  const std::string hostile = "O'Brien\"; DROP TABLE x; --\\";
  EXPECT_EQ(session_.query_value<std::string>("SELECT $1::text", hostile), hostile);
  EXPECT_EQ(session_.query_value<std::int64_t>("SELECT $1::bigint + $2", std::int64_t{1} << 40, 2),
            (std::int64_t{1} << 40) + 2);
  EXPECT_EQ(session_.query_value<double>("SELECT $1::float8", 0.1), 0.1);
  EXPECT_TRUE(session_.query_value<bool>("SELECT $1::int IS NULL", std::optional<int>{}));
  EXPECT_EQ(session_.query_value<std::string>("SELECT $1::text", "Müller"), "Müller");
  EXPECT_THROW((void)session_.query_value<std::string>("SELECT $1::text", std::string("a\0b", 3)),
               error);
}

TEST_F(row_reading, statements_that_would_end_the_transaction_are_refused_before_they_run) {
  session_.execute("CREATE TABLE t (n int)");
  EXPECT_THROW(session_.execute("COMMIT"), data_error);
  EXPECT_THROW(session_.execute("ROLLBACK"), data_error);
  EXPECT_THROW((void)session_.query("SELECT 1; COMMIT"), error);
  session_.execute("SAVEPOINT mine");
  session_.execute("ROLLBACK TO SAVEPOINT mine");
  EXPECT_EQ(session_.execute("INSERT INTO t SELECT generate_series(1, 3)"), 3);
  EXPECT_EQ(session_.query_value<std::int64_t>("SELECT count(*) FROM t"), 3);
}

TEST_F(row_reading, a_stream_reads_every_row_of_many_pages_once) {
  std::int64_t count = 0;
  std::int64_t sum = 0;
  for (const auto& r : session_.query("SELECT g FROM generate_series(1, 3001) g")) {
    ++count;
    sum += r.get<std::int64_t>(std::size_t{0});
  }
  EXPECT_EQ(count, 3001);
  EXPECT_EQ(sum, 3001 * 3002 / 2);
}

}  // namespace
}  // namespace retort
