#include "store/busy_sessions.hpp"

#include <fmt/format.h>

#include "printable.hpp"

namespace retort::store {

std::vector<busy_session> busy_retort_sessions(pg::session& session,
                                               const std::vector<int>& own_pids) {
  std::string pids = "{";
  for (std::size_t i = 0; i < own_pids.size(); ++i) {
    pids += (i == 0 ? "" : ",") + std::to_string(own_pids[i]);
  }
  pids += "}";
  const auto result = session.exec(sql_statement{
      "SELECT a.pid, a.state, "
      "pg_catalog.to_char(a.query_start, 'YYYY-MM-DD HH24:MI:SS TZ'), "
      "pg_catalog.floor(extract(epoch FROM pg_catalog.now() - a.query_start))::bigint "
      "FROM pg_catalog.pg_stat_activity a "
      "WHERE a.datname = pg_catalog.current_database() AND a.application_name = 'retort' "
      "AND a.pid <> ALL ($1::int[]) "
      // Table locks outlive no transaction, so a holder is at work; its state may be hidden
      // from other roles.
      "AND EXISTS (SELECT FROM pg_catalog.pg_locks l WHERE l.pid = a.pid AND l.granted "
      "AND l.locktype = 'relation') "
      "ORDER BY a.query_start, a.pid",
      {pids}});
  std::vector<busy_session> out;
  for (const auto& row : result.rows) {
    busy_session busy;
    busy.pid = std::stoi(row.at(0).value_or("0"));
    busy.state = row.at(1).value_or("state hidden");
    busy.since = row.at(2).value_or("an unknown time");
    busy.seconds = std::stoll(row.at(3).value_or("0"));
    out.push_back(std::move(busy));
  }
  return out;
}

std::string describe_busy_sessions(const std::vector<busy_session>& busy) {
  if (busy.empty()) {
    return {};
  }
  std::string sessions;
  std::string pids;
  for (const auto& b : busy) {
    sessions += fmt::format("{}backend pid {} ({} since {}, {} s)", sessions.empty() ? "" : "; ",
                            b.pid, printable(b.state), printable(b.since), b.seconds);
    pids += fmt::format("{}{}", pids.empty() ? "" : ", ", b.pid);
  }
  return fmt::format(
      "another retort session is still at work in this database and holds table locks this run "
      "may wait for: {}. A run that was killed or lost its connection leaves its backend running "
      "until its statement ends; if no other run is active, end {} with `SELECT "
      "pg_terminate_backend(pid)` for {}",
      sessions, busy.size() == 1 ? "it" : "them", pids);
}

}  // namespace retort::store
