// Reading the list of databases that `upgrade --databases` migrates.
#include <retort/errors.hpp>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fleet/database_list.hpp"
#include "support/error_of.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;

std::filesystem::path list_file(const std::string& text) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto file = std::filesystem::path(RETORT_TEST_WORK) / (std::string(info->name()) + ".txt");
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
  return file;
}

TEST(database_list, reads_names_urls_in_both_forms_and_skips_comments) {
  auto file = list_file(
      "# tenants\n"
      "\n"
      "eu-1 postgresql:///tenant_eu1?host=/run/postgresql\n"
      "  us_2\thost=/run/postgresql dbname=tenant_us2  \n"
      "postgresql://app:s3cret@db.internal/tenant_ap3\n"
      "host=/run/postgresql dbname=tenant_sa4\r\n");
  auto dbs = fleet::read_database_list(file);
  ASSERT_EQ(dbs.size(), 4U);
  EXPECT_EQ(dbs[0].name, "eu-1");
  EXPECT_EQ(dbs[0].url, "postgresql:///tenant_eu1?host=/run/postgresql");
  EXPECT_EQ(dbs[0].origin, file.string() + ":3");
  EXPECT_EQ(dbs[1].name, "us_2");
  EXPECT_EQ(dbs[1].url, "host=/run/postgresql dbname=tenant_us2");
  // Without a name, the URL names the database, never with its password.
  EXPECT_EQ(dbs[2].url, "postgresql://app:s3cret@db.internal/tenant_ap3");
  EXPECT_THAT(dbs[2].name, HasSubstr("db.internal/tenant_ap3"));
  EXPECT_THAT(dbs[2].name, ::testing::Not(HasSubstr("s3cret")));
  EXPECT_EQ(dbs[3].url, "host=/run/postgresql dbname=tenant_sa4");
}

TEST(database_list, refuses_a_name_or_url_given_twice_naming_both_lines) {
  auto names = list_file("a postgresql:///one\na postgresql:///two\n");
  auto message = testing::error_of<config_error>([&] { (void)fleet::read_database_list(names); });
  EXPECT_THAT(message, HasSubstr(names.string() + ":2: the database a is listed twice (first at " +
                                 names.string() + ":1)"));

  auto urls = list_file("a postgresql:///one\nb postgresql:///one\n");
  message = testing::error_of<config_error>([&] { (void)fleet::read_database_list(urls); });
  EXPECT_THAT(message, HasSubstr(urls.string() + ":2: the URL of b is listed twice"));
}

TEST(database_list, refuses_an_empty_list_and_a_missing_file) {
  auto empty = list_file("# nothing yet\n\n");
  EXPECT_THAT(testing::error_of<config_error>([&] { (void)fleet::read_database_list(empty); }),
              HasSubstr("names no database"));
  EXPECT_THAT(testing::error_of<config_error>(
                  [&] { (void)fleet::read_database_list(empty.string() + ".missing"); }),
              HasSubstr("cannot read the database list"));
}

}  // namespace
}  // namespace retort
