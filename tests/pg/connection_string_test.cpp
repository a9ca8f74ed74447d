// The name retort gives its sessions rides in the connection string, so libpq sends it when it
// connects: whatever the name holds, libpq reads back exactly it, and it replaces a name given.
#include "pg/connection_string.hpp"

#include <libpq-fe.h>

#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retort::pg {
namespace {

// What libpq reads from a connection string, option by option (those it was given).
std::map<std::string, std::string> options_of(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "unknown error";
    PQfreemem(error);
    ADD_FAILURE() << "libpq cannot read " << conninfo << ": " << message;
    return {};
  }
  std::map<std::string, std::string> out;
  for (const auto* option = options; option->keyword != nullptr; ++option) {
    if (option->val != nullptr) {
      out[option->keyword] = option->val;
    }
  }
  PQconninfoFree(options);
  return out;
}

TEST(connection_string, a_uri_keeps_what_it_gives_and_gains_the_name) {
  const auto options =
      options_of(with_application_name("postgresql://alice:pw@db.example:6432/shop", "retort"));
  EXPECT_EQ(options.at("application_name"), "retort");
  EXPECT_EQ(options.at("host"), "db.example");
  EXPECT_EQ(options.at("port"), "6432");
  EXPECT_EQ(options.at("user"), "alice");
  EXPECT_EQ(options.at("password"), "pw");
  EXPECT_EQ(options.at("dbname"), "shop");
  EXPECT_EQ(options.size(), 6u);
}

TEST(connection_string, a_uri_with_a_query_gains_one_more_parameter) {
  EXPECT_EQ(with_application_name("postgresql:///shop?host=/run/pg&sslmode=disable", "retort"),
            "postgresql:///shop?host=/run/pg&sslmode=disable&application_name=retort");
  EXPECT_EQ(with_application_name("postgres://h/db?", "retort"),
            "postgres://h/db?application_name=retort");
  const auto options = options_of(with_application_name("postgres:///shop?host=/run/pg&", "r"));
  EXPECT_EQ(options.at("host"), "/run/pg");
  EXPECT_EQ(options.at("application_name"), "r");
}

TEST(connection_string, key_value_strings_gain_the_name) {
  const auto options = options_of(with_application_name("host=/run/pg dbname=shop", "retort"));
  EXPECT_EQ(options.at("application_name"), "retort");
  EXPECT_EQ(options.at("host"), "/run/pg");
  EXPECT_EQ(options.at("dbname"), "shop");
  EXPECT_EQ(options_of(with_application_name("", "retort")).at("application_name"), "retort");
}

TEST(connection_string, the_name_replaces_one_the_url_gives) {
  EXPECT_EQ(
      options_of(with_application_name("postgresql:///shop?application_name=theirs", "retort"))
          .at("application_name"),
      "retort");
  EXPECT_EQ(options_of(with_application_name("dbname=shop application_name='their app'", "retort"))
                .at("application_name"),
            "retort");
}

TEST(connection_string, any_name_is_read_back_literally) {
  for (const std::string name :
       {"x'; SELECT 1; --", "back\\slash", "a&b=c?d#e%f+g h", "Zoë's \"app\"", "", "'", "\\"}) {
    EXPECT_EQ(options_of(with_application_name("postgresql:///shop", name)).at("application_name"),
              name)
        << "in a URI";
    EXPECT_EQ(options_of(with_application_name("dbname=shop", name)).at("application_name"), name)
        << "in key=value";
  }
}

}  // namespace
}  // namespace retort::pg
