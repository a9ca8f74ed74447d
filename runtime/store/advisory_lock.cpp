#include "store/advisory_lock.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <random>
#include <thread>

#include <fmt/format.h>

namespace retort::store {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A bigint advisory lock shows in pg_locks as classid (high 32 bits), objid (low 32 bits) and
// objsubid 1; both halves as unsigned, since oid is unsigned.
struct lock_tag {
  std::string classid;
  std::string objid;
};

lock_tag tag_of(std::int64_t key) {
  const auto bits = static_cast<std::uint64_t>(key);
  return {std::to_string(bits >> 32), std::to_string(bits & 0xffffffffU)};
}

struct holder {
  int pid = 0;
  std::string application;
  std::string client;
  std::string since;
};

holder find_holder(pg::session& session, std::int64_t key) {
  const auto tag = tag_of(key);
  auto result = session.exec(sql_statement{
      "SELECT l.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), ''), "
      "coalesce(a.backend_start::text, '') "
      "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
      "current_database()) AND l.classid = $1::oid AND l.objid = $2::oid "
      "ORDER BY l.pid LIMIT 1",
      {tag.classid, tag.objid}});
  if (result.rows.empty() || !result.rows[0][0]) {
    return {};
  }
  const auto& row = result.rows[0];
  return {std::stoi(*row[0]), row[1].value_or(""), row[2].value_or(""), row[3].value_or("")};
}

std::string describe(const holder& h) {
  if (h.pid == 0) {
    return "another session, which has let go since";
  }
  std::string out = fmt::format("pid {} (application \"{}\"", h.pid, h.application);
  if (!h.client.empty()) {
    out += fmt::format(", client {}", h.client);
  }
  if (!h.since.empty()) {
    out += fmt::format(", connected since {}", h.since);
  }
  return out + ")";
}

bool try_lock(pg::session& session, std::int64_t key) {
  auto result =
      session.exec(sql_statement{"SELECT pg_try_advisory_lock($1::bigint)", {std::to_string(key)}});
  return result.rows.at(0).at(0) == std::optional<std::string>("t");
}

bool held_by_own_backend(pg::session& session, std::int64_t key) {
  const auto tag = tag_of(key);
  auto result = session.exec(sql_statement{
      "SELECT count(*) FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted "
      "AND pid = pg_backend_pid() AND classid = $1::oid AND objid = $2::oid AND objsubid = 1",
      {tag.classid, tag.objid}});
  return result.rows.at(0).at(0) != std::optional<std::string>("0");
}

database_error pooled_by_transaction(const std::string& where, std::string_view symptom) {
  return database_error(
      fmt::format("the migration lock ({}) {}: a transaction-pooling proxy (such as pgbouncer "
                  "with pool_mode = transaction) hands each transaction to whichever server "
                  "connection is free, so session locks and settings protect nothing; connect "
                  "retort directly to PostgreSQL or through a session-mode pool",
                  where, symptom),
      "", "");
}

void try_unlock(pg::session& session, std::int64_t key) noexcept {
  try {
    session.exec(sql_statement{"SELECT pg_advisory_unlock($1::bigint)", {std::to_string(key)}});
  } catch (...) {
    // Nothing better to do: a lock left behind shows in pg_locks, with its holder.
  }
}

std::string seconds(milliseconds ms) {
  return fmt::format("{:g} s", static_cast<double>(ms.count()) / 1000.0);
}

}  // namespace

sql_statement lock_key_query(const version_table_location& location) {
  return {
      "SELECT ('x' || left(md5(quote_ident(current_database()) || '.' || "
      "quote_ident(coalesce(nullif($1, ''), current_schema(), '')) || '.' || quote_ident($2)), "
      "16))::bit(64)::bigint, current_database(), coalesce(nullif($1, ''), current_schema(), '')",
      {location.schema, location.table}};
}

std::int64_t lock_key(pg::session& session, const version_table_location& location) {
  return std::stoll(session.exec(lock_key_query(location)).rows.at(0).at(0).value());
}

advisory_lock::advisory_lock(std::unique_ptr<pg::session> session, std::int64_t key,
                             std::string where)
    : session_(std::move(session)), key_(key), where_(std::move(where)) {}

// Should the unlock fail, disconnecting, just after, releases a session lock all the same.
advisory_lock::~advisory_lock() {
  try_unlock(*session_, key_);
}

std::unique_ptr<advisory_lock> advisory_lock::acquire(const std::string& url,
                                                      const version_table_location& location,
                                                      const lock_wait& wait) {
  auto session = pg::session::connect(url);
  const auto identity = session->exec(lock_key_query(location)).rows.at(0);
  const std::int64_t key = std::stoll(identity.at(0).value());
  const std::string where =
      fmt::format("database \"{}\", version table \"{}\".\"{}\", lock key {}",
                  identity.at(1).value_or(""), identity.at(2).value_or(""), location.table, key);

  const auto deadline = steady_clock::now() + wait.timeout;
  // Jitter keeps a crowd of waiters (many instances starting at once) from polling in step.
  std::minstd_rand jitter(std::random_device{}());
  milliseconds delay{50};
  bool announced = false;
  while (!try_lock(*session, key)) {
    const auto now = steady_clock::now();
    if (now >= deadline) {
      const auto h = find_holder(*session, key);
      throw lock_timeout(
          fmt::format("gave up after {} waiting for the migration lock ({}): it is held by {}; "
                      "wait for that run to finish, raise --lock-timeout, or end a stuck "
                      "holder with SELECT pg_terminate_backend({})",
                      seconds(wait.timeout), where, describe(h),
                      h.pid == 0 ? "pid" : fmt::format("{}", h.pid)),
          h.pid, h.application, h.client, h.since);
    }
    if (!announced) {
      announced = true;
      wait.out(fmt::format("Waiting up to {} for the migration lock, held by {}",
                           seconds(wait.timeout), describe(find_holder(*session, key))));
    }
    const auto pause = delay + milliseconds(jitter() % (delay.count() / 2 + 1));
    std::this_thread::sleep_for(
        std::min<steady_clock::duration>(pause, deadline - steady_clock::now()));
    delay = std::min(delay * 2, milliseconds(1000));
  }
  if (!held_by_own_backend(*session, key)) {
    // Behind a transaction pool, closing this connection does not end the server session
    // that holds the lock; this statement may reach it.
    try_unlock(*session, key);
    throw pooled_by_transaction(
        where, "was granted but this connection's server process does not hold it");
  }
  return std::unique_ptr<advisory_lock>(new advisory_lock(std::move(session), key, where));
}

void advisory_lock::refuse_shared_server_connection(pg::session& other) const {
  if (held_by_own_backend(other, key_)) {
    // `other` reaches the server process that holds the lock now; the lock's own connection
    // might not, at the destructor's turn.
    try_unlock(other, key_);
    throw pooled_by_transaction(
        where_,
        "is held by the server process that also serves this run's migrating "
        "connection");
  }
}

}  // namespace retort::store
