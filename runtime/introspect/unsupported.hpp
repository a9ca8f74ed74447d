#pragma once

#include <string>
#include <vector>

#include "introspect/introspect.hpp"
#include "pg/session.hpp"

namespace retort::introspect {

/// What the model cannot hold and introspection therefore does not read, one sentence each
/// (partitions, inheritance, collations, policies, rules, aggregates, ...),
/// so a reader of the output learns it was left out instead of losing it silently.
[[nodiscard]] std::vector<std::string> unsupported_objects(pg::session& session,
                                                           const options& options);

}  // namespace retort::introspect
