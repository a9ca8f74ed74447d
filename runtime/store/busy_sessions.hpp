#pragma once

#include <string>
#include <vector>

#include "pg/session.hpp"

namespace retort::store {

/// Another retort session of this database that holds table locks (so it is in a transaction
/// or a statement; its statement is not kept, as it may hold a secret). A run that was killed
/// or lost its connection leaves one behind: its backend goes on
/// with its statement, holding the statement's locks, until the statement ends.
struct busy_session {
  int pid = 0;
  std::string state;      ///< `active`, `idle in transaction`, ...
  std::string since;      ///< when its current statement began
  long long seconds = 0;  ///< how long ago that was
};

/// The busy retort sessions (application_name `retort`) connected to the database `session` is,
/// other than `own_pids`, oldest first.
[[nodiscard]] std::vector<busy_session> busy_retort_sessions(pg::session& session,
                                                             const std::vector<int>& own_pids);

/// What an operator needs to know about `busy` when a run may wait for its locks, and what to
/// do about it; empty when `busy` is.
[[nodiscard]] std::string describe_busy_sessions(const std::vector<busy_session>& busy);

}  // namespace retort::store
