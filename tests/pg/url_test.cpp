// Password redaction in connection URLs and in messages that may echo them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "url.hpp"

namespace retort {
namespace {

struct redaction {
  std::string url;
  std::string expected;
};

TEST(redact_url, masks_the_password_and_nothing_else) {
  const std::vector<redaction> cases{
      // URI forms
      redaction{"postgresql://user:secret@host:5432/db?sslmode=require",
                "postgresql://user:***@host:5432/db?sslmode=require"},
      redaction{"postgres://user:secret@host/db", "postgres://user:***@host/db"},
      redaction{"POSTGRESQL://user:secret@host/db", "POSTGRESQL://user:***@host/db"},
      redaction{"postgresql://user:p%40ss%2Fw@host/db", "postgresql://user:***@host/db"},
      redaction{"postgresql://user:se:cret@host/db", "postgresql://user:***@host/db"},
      redaction{"postgresql://user@host/db", "postgresql://user@host/db"},
      redaction{"postgresql://user:@host/db", "postgresql://user:***@host/db"},
      redaction{"postgresql://host:5432/db", "postgresql://host:5432/db"},
      redaction{"postgresql:///db?host=/tmp/x&user=postgres",
                "postgresql:///db?host=/tmp/x&user=postgres"},
      redaction{"postgresql:///db?password=secret", "postgresql:///db?password=***"},
      redaction{"postgresql:///db?host=/tmp&password=secret&user=u",
                "postgresql:///db?host=/tmp&password=***&user=u"},
      redaction{"postgresql://u:a@h/db?password=b&passfile=/p",
                "postgresql://u:***@h/db?password=***&passfile=/p"},
      redaction{"postgresql:///db?pass%77ord=secret", "postgresql:///db?pass%77ord=***"},
      redaction{"postgresql://u:pw@h/db?application_name=a@b",
                "postgresql://u:***@h/db?application_name=a@b"},
      // An unencoded '/' or '@' in the password: what the user meant is masked too.
      redaction{"postgresql://u:pa/ss@h/db", "postgresql://u:***@h/db"},
      redaction{"postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"},
      redaction{"postgresql://u:p@s/s@h:5432/db?sslmode=require",
                "postgresql://u:***@h:5432/db?sslmode=require"},
      // key=value forms
      redaction{"host=/tmp dbname=x password=secret", "host=/tmp dbname=x password=***"},
      redaction{"password=secret host=/tmp", "password=*** host=/tmp"},
      redaction{"host=/tmp password = secret user=u", "host=/tmp password = *** user=u"},
      redaction{"host=/tmp password='se cret' user=u", "host=/tmp password=*** user=u"},
      redaction{R"(password='it\'s \\ secret' user=u)", "password=*** user=u"},
      redaction{"PASSWORD=secret", "PASSWORD=***"},
      redaction{"host=/tmp passfile=/p", "host=/tmp passfile=/p"},
      redaction{"dbname=password user=password", "dbname=password user=password"},
      redaction{"", ""}};
  for (const auto& c : cases) {
    EXPECT_EQ(redact_url(c.url), c.expected) << "url: " << c.url;
  }
}

TEST(redact_secrets, replaces_every_occurrence_of_the_password) {
  EXPECT_EQ(redact_secrets("auth failed for hunter2 (hunter2)", "postgresql://u:hunter2@h/db"),
            "auth failed for *** (***)");
}

TEST(redact_secrets, finds_the_password_in_every_url_form) {
  const std::string text = "x secret y";
  for (const char* url :
       {"postgresql://u:secret@h/db", "postgres://u:secret@h/db",
        "postgresql:///db?password=secret", "postgresql:///db?sslmode=disable&password=secret",
        "host=h password=secret", "host=h password='secret'", "host=h password = secret"}) {
    EXPECT_EQ(redact_secrets(text, url), "x *** y") << url;
  }
}

TEST(redact_secrets, matches_both_the_encoded_and_the_decoded_password) {
  const std::string url = "postgresql://u:p%40ss@h/db";
  EXPECT_EQ(redact_secrets("decoded p@ss, raw p%40ss", url), "decoded ***, raw ***");
}

TEST(redact_secrets, matches_a_quoted_password_with_spaces_and_escapes) {
  EXPECT_EQ(redact_secrets("it's se cret", R"(host=h password='it\'s se cret')"), "***");
}

// libpq reads "u:pass/word@h" as host "u", port "pass", database "word@h/db", and says so.
TEST(redact_secrets, masks_the_pieces_of_a_password_libpq_read_as_something_else) {
  EXPECT_EQ(redact_secrets(R"(invalid integer value "pass" for connection option "port")",
                           "postgresql://u:pass/word@h/db"),
            R"(invalid integer value "***" for connection option "port")");
  EXPECT_EQ(redact_secrets(R"(could not translate host name "word-2@h" to address)",
                           "postgresql://u:pass@word-2@h/db"),
            R"(could not translate host name "***@h" to address)");
}

TEST(redact_secrets, leaves_text_alone_without_a_password) {
  const std::string text = "nothing to hide: user u, host h";
  EXPECT_EQ(redact_secrets(text, "postgresql://u@h/db"), text);
  EXPECT_EQ(redact_secrets(text, "postgresql://u:@h/db"), text);
  EXPECT_EQ(redact_secrets(text, "host=h password=''"), text);
  EXPECT_EQ(redact_secrets(text, ""), text);
}

TEST(redact_secrets, a_password_inside_the_mask_does_not_loop) {
  EXPECT_EQ(redact_secrets("a * b", "postgresql://u:*@h/db"), "a *** b");
}

}  // namespace
}  // namespace retort
