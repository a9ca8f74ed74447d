// A squash run on a database still at one of the revisions it replaces: only the operations
// after that revision's squash point run, and without exactly one point nothing does.
#include "executor/squash_resume.hpp"

#include <retort/errors.hpp>
#include <retort/op.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace retort::executor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const operations squash_upgrade{
    op::create_table("a", {op::column("id", op::type::integer())}),
    op::squash_point("r1"),
    op::create_table("b", {op::column("id", op::type::integer())}),
    op::create_table("c", {op::column("id", op::type::integer())}),
    op::squash_point("r2"),
};

TEST(squash_resume, runs_only_what_follows_the_point_of_the_replaced_revision) {
  EXPECT_THAT(after_squash_point(squash_upgrade, "r1", "s"),
              ElementsAre(squash_upgrade[2], squash_upgrade[3], squash_upgrade[4]));
  EXPECT_THAT(after_squash_point(squash_upgrade, "r2", "s"), IsEmpty());
}

TEST(squash_resume, refuses_a_squash_without_the_point_or_with_two) {
  auto refusal = [](const operations& ops) {
    try {
      (void)after_squash_point(ops, "r9", "s");
    } catch (const migration_code_error& e) {
      EXPECT_EQ(e.revision(), "s");
      return std::string(e.what());
    }
    ADD_FAILURE() << "expected migration_code_error";
    return std::string();
  };
  EXPECT_THAT(refusal(squash_upgrade), HasSubstr("hold no op::squash_point(\"r9\")"));
  EXPECT_THAT(refusal({op::squash_point("r9"), op::squash_point("r9")}),
              HasSubstr("hold more than one op::squash_point(\"r9\")"));
}

}  // namespace
}  // namespace retort::executor
