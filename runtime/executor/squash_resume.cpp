#include "executor/squash_resume.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <string>
#include <variant>

#include <fmt/format.h>

namespace retort::executor {

operations after_squash_point(const operations& ops, std::string_view replaced,
                              std::string_view revision) {
  auto is_point = [&](const operation& op) {
    const auto* point = std::get_if<ops::squash_point>(&op);
    return point != nullptr && point->revision == replaced;
  };
  auto found = std::find_if(ops.begin(), ops.end(), is_point);
  // Without exactly one point the database's position inside the squash is unknown, and
  // guessing would run some operations twice or not at all.
  if (found == ops.end() || std::find_if(found + 1, ops.end(), is_point) != ops.end()) {
    throw migration_code_error(
        fmt::format("the database stands at {}, which this squash replaces, but its operations "
                    "hold {} op::squash_point(\"{}\"); `retort squash` writes exactly one",
                    replaced, found == ops.end() ? "no" : "more than one", replaced),
        std::string(revision));
  }
  return {found + 1, ops.end()};
}

}  // namespace retort::executor
