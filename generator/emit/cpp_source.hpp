#pragma once

#include <retort/operations.hpp>

#include <string>
#include <vector>

/// Operations as C++ source: the `op::` calls that build them. Knows neither SQL nor databases.
namespace retort::emit {

/// The body of `upgrade()`: `  return {\n      op::...,\n  };`, each operation on its own
/// lines, laid out within 100 columns. More than ten operations are appended ten at a time, each
/// group in a lambda called in place, so that no function the compiler sees grows large.
[[nodiscard]] std::string upgrade_body(const operations& upgrade);

/// A part of a body: operations written out, or C++ code that returns operations, such as a
/// squashed revision's own `upgrade()` carried along with its file.
struct body_part {
  operations ops{};
  std::string call{};  ///< not empty: the part is `ops.extend(<call>);`
};

/// A body that builds its list from `parts` in order; without calls, `upgrade_body` of all their
/// operations.
[[nodiscard]] std::string sequence_body(const std::vector<body_part>& parts);

/// The body of `downgrade()`: each operation of `upgrade` reversed, in reverse order. An
/// operation without a reverse becomes a comment that starts `// IRREVERSIBLE:` and says why,
/// where its reverse would be.
[[nodiscard]] std::string downgrade_body(const operations& upgrade);

/// One operation as a C++ expression, laid out from column `indent`.
[[nodiscard]] std::string expression(const operation& op, int indent = 0);

}  // namespace retort::emit
