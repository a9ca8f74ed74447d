#include "store/history_table.hpp"

#include <retort/errors.hpp>

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <sstream>

#include <fmt/format.h>

#include "digest/sha256.hpp"
#include "pg/text_array.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::store {

namespace {

const render::postgres_dialect& dialect() {
  static const render::postgres_dialect instance;
  return instance;
}

std::string os_user() {
  std::array<char, 4096> buffer{};
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
      found != nullptr) {
    return found->pw_name;
  }
  return std::to_string(geteuid());
}

std::string host_name() {
  std::array<char, 256> buffer{};
  if (gethostname(buffer.data(), buffer.size() - 1) != 0) {
    return {};
  }
  return buffer.data();
}

std::optional<std::string> or_null(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    out += (out.empty() ? "" : " ") + id;
  }
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string id; in >> id;) {
    out.push_back(id);
  }
  return out;
}

// `<table><suffix>`; when that is longer than PostgreSQL's 63 bytes, the table name is cut and
// the first 8 hex digits of its SHA-256 keep the name unique and stable.
std::string derived_table_name(const std::string& table, const std::string& suffix) {
  constexpr std::size_t max_identifier = 63;
  std::string name = table + suffix;
  if (name.size() > max_identifier) {
    std::size_t cut = max_identifier - suffix.size() - 9;
    while (cut > 0 && (static_cast<unsigned char>(table[cut]) & 0xC0) == 0x80) {
      --cut;  // not inside a UTF-8 sequence
    }
    name = table.substr(0, cut) + "_" + digest::sha256_hex(table).substr(0, 8) + suffix;
  }
  return name;
}

std::string derived_name(const std::string& schema, const std::string& table,
                         const std::string& suffix) {
  return dialect().qualified_name(schema, derived_table_name(table, suffix));
}

}  // namespace

std::vector<std::string> bookkeeping_table_names(const std::string& version_table) {
  return {version_table, derived_table_name(version_table, "_history"),
          derived_table_name(version_table, "_in_progress"),
          derived_table_name(version_table, "_progress")};
}

std::vector<std::string> bookkeeping_function_names(const std::string& version_table) {
  return {derived_table_name(version_table, "_history_refuse")};
}

history_table::history_table(pg::session& session, const version_table_location& location)
    : session_(session),
      schema_(location.schema),
      history_(derived_name(location.schema, location.table, "_history")),
      markers_(derived_name(location.schema, location.table, "_in_progress")),
      progress_(derived_name(location.schema, location.table, "_progress")),
      function_(derived_name(location.schema, location.table, "_history_refuse")) {}

bool history_table::exists() {
  auto result = session_.exec(sql_statement{"SELECT to_regclass($1) IS NOT NULL", {history_}});
  return result.rows.at(0).at(0) == std::optional<std::string>("t");
}

void history_table::ensure_exists() {
  if (exists()) {
    return;
  }
  // The caller holds the migration lock, so no other retort creates them meanwhile.
  session_.begin();
  try {
    if (!schema_.empty()) {
      session_.exec(
          fmt::format("CREATE SCHEMA IF NOT EXISTS {}", dialect().quote_identifier(schema_)));
    }
    session_.exec(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} (\n"
        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
        "    revision varchar(255) NOT NULL,\n"
        "    direction text NOT NULL CHECK (direction IN ('upgrade', 'downgrade', 'stamp', "
        "'repair', 'resolve')),\n"
        "    outcome text NOT NULL CHECK (outcome IN ('applied', 'failed', 'stamped', "
        "'unstamped', 'accepted', 'reverted')),\n"
        "    started_at timestamptz NOT NULL,\n"
        "    duration_ms numeric(14, 1) NOT NULL,\n"
        "    db_user text NOT NULL,\n"
        "    os_user text,\n"
        "    host text,\n"
        "    application_name text,\n"
        "    client_addr inet,\n"
        "    source_checksum text,\n"
        "    plugin_sha256 text,\n"
        "    source_file text,\n"
        "    detail text\n"
        ")",
        history_));
    // Append-only in the database itself, whoever connects: only the table's owner can drop
    // the trigger, and doing so is a deliberate act.
    session_.exec(
        fmt::format("CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $retort$\n"
                    "BEGIN\n"
                    "    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP\n"
                    "        USING ERRCODE = 'insufficient_privilege';\n"
                    "END\n"
                    "$retort$",
                    function_));
    session_.exec(fmt::format(
        "CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {0} FOR EACH ROW EXECUTE FUNCTION "
        "{1}();\n"
        "CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON {0} FOR EACH STATEMENT EXECUTE "
        "FUNCTION {1}()",
        history_, function_));
    session_.exec(
        fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                    "    revision varchar(255) PRIMARY KEY,\n"
                    "    direction text NOT NULL,\n"
                    "    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
                    "    source_file text,\n"
                    "    heads_removed text NOT NULL,\n"
                    "    heads_added text NOT NULL,\n"
                    "    backend_pid integer NOT NULL DEFAULT pg_backend_pid()\n"
                    ")",
                    markers_));
    session_.commit();
  } catch (...) {
    session_.rollback();
    throw;
  }
}

void history_table::append(const history_entry& entry) {
  append(std::vector<late_entry>{{entry, std::chrono::steady_clock::now()}});
}

namespace {

// The columns an appended row fills.
constexpr const char* appended_columns =
    "(revision, direction, outcome, started_at, duration_ms, db_user, os_user, host, "
    "application_name, client_addr, source_checksum, plugin_sha256, source_file, detail)";

// $1 and $2 of every appended row: who ran the step, from where. Looked up once a process:
// getpwuid_r reads the user database, and a run appends a row a step.
const std::vector<std::optional<std::string>>& appending_user_and_host() {
  static const std::vector<std::optional<std::string>> both{os_user(), or_null(host_name())};
  return both;
}

struct row_times {
  std::string duration_ms;
  std::string ago_ms;  // how long ago the step ended
};

row_times times_of(const history_table::late_entry& row,
                   std::chrono::steady_clock::time_point now) {
  const auto ms = std::chrono::duration<double, std::milli>(row.entry.duration).count();
  const auto ago = std::chrono::duration<double, std::milli>(now - row.ended).count();
  return {fmt::format("{:.1f}", ms), fmt::format("{:.1f}", ago)};
}

// A VALUES list of a row per entry, nine parameters each after the two every row shares.
sql_statement insert_as_values(const std::string& table,
                               const std::vector<history_table::late_entry>& entries,
                               std::chrono::steady_clock::time_point now) {
  sql_statement statement{fmt::format("INSERT INTO {} {} VALUES ", table, appended_columns),
                          appending_user_and_host()};
  for (const auto& row : entries) {
    const auto& entry = row.entry;
    const auto p = statement.params.size();
    statement.sql += fmt::format(
        "{}(${}, ${}, ${}, clock_timestamp() - (${}::numeric + ${}::numeric) * interval '1 "
        "millisecond', round(${}::numeric, 1), current_user, $1, $2, "
        "current_setting('application_name'), inet_client_addr(), ${}, ${}, ${}, ${})",
        p == 2 ? "" : ", ", p + 1, p + 2, p + 3, p + 4, p + 5, p + 4, p + 6, p + 7, p + 8, p + 9);
    auto [ms, ago] = times_of(row, now);
    statement.params.insert(
        statement.params.end(),
        {entry.revision, entry.direction, entry.outcome, std::move(ms), std::move(ago),
         or_null(entry.source_checksum), or_null(entry.plugin_sha256), or_null(entry.source_file),
         or_null(entry.detail)});
  }
  return statement;
}

// One array per column: the statement and its parameters stay the same size however many rows
// there are. An empty field is sent as an empty string and stored as NULL: what an array's
// NULL element means depends on the server's array_nulls setting.
sql_statement insert_as_arrays(const std::string& table,
                               const std::vector<history_table::late_entry>& entries,
                               std::chrono::steady_clock::time_point now) {
  std::array<std::vector<std::string>, 9> columns;
  for (auto& column : columns) {
    column.reserve(entries.size());
  }
  for (const auto& row : entries) {
    const auto& entry = row.entry;
    auto [ms, ago] = times_of(row, now);
    columns[0].push_back(entry.revision);
    columns[1].push_back(entry.direction);
    columns[2].push_back(entry.outcome);
    columns[3].push_back(std::move(ms));
    columns[4].push_back(std::move(ago));
    columns[5].push_back(entry.source_checksum);
    columns[6].push_back(entry.plugin_sha256);
    columns[7].push_back(entry.source_file);
    columns[8].push_back(entry.detail);
  }
  sql_statement statement{
      fmt::format(
          "INSERT INTO {} {} "
          "SELECT r.revision, r.direction, r.outcome, clock_timestamp() - (r.ms + r.ago) * "
          "interval '1 millisecond', round(r.ms, 1), current_user, $1, $2, "
          "current_setting('application_name'), inet_client_addr(), nullif(r.source_checksum, "
          "''), nullif(r.plugin_sha256, ''), nullif(r.source_file, ''), nullif(r.detail, '') "
          "FROM unnest($3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], "
          "$8::text[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY "
          "AS r(revision, direction, outcome, ms, ago, source_checksum, plugin_sha256, "
          "source_file, detail, n) "
          "ORDER BY r.n",
          table, appended_columns),
      appending_user_and_host()};
  for (const auto& column : columns) {
    statement.params.emplace_back(pg::text_array(column));
  }
  return statement;
}

}  // namespace

void history_table::append(const std::vector<late_entry>& entries) {
  if (entries.empty()) {
    return;
  }
  // The server parses and plans a VALUES list in about 40 us a row, the arrays in about 140 us
  // whatever their length: a step's own row goes as VALUES, a single-transaction run's rows
  // (1,000 of them took 60 ms as VALUES, 3.6 ms as arrays) as arrays.
  constexpr std::size_t most_rows_as_values = 3;
  const auto now = std::chrono::steady_clock::now();
  session_.exec(entries.size() <= most_rows_as_values ? insert_as_values(history_, entries, now)
                                                      : insert_as_arrays(history_, entries, now));
}

std::vector<history_row> history_table::rows(std::size_t limit, const std::string& revision) {
  if (!exists()) {
    return {};
  }
  auto result = session_.exec(sql_statement{
      fmt::format("SELECT id, revision, direction, outcome, to_char(started_at AT TIME ZONE "
                  "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), duration_ms, db_user, os_user, "
                  "host, application_name, host(client_addr), source_checksum, plugin_sha256, "
                  "source_file, detail FROM {} WHERE $1 = '' OR revision = $1 ORDER BY id DESC "
                  "LIMIT nullif($2::bigint, 0)",
                  history_),
      {revision, std::to_string(limit)}});
  std::vector<history_row> out;
  for (const auto& r : result.rows) {
    auto v = [&](std::size_t i) { return r.at(i).value_or(""); };
    out.push_back({v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7), v(8), v(9), v(10), v(11), v(12),
                   v(13), v(14)});
  }
  return out;
}

std::map<std::string, std::string> history_table::accepted_checksums() {
  std::map<std::string, std::string> out;
  if (!exists()) {
    return out;
  }
  auto result = session_.exec(fmt::format(
      "SELECT DISTINCT ON (revision) revision, source_checksum FROM {} WHERE source_checksum IS "
      "NOT NULL AND ((direction = 'upgrade' AND outcome = 'applied') OR direction = 'repair' OR "
      "(direction = 'resolve' AND outcome = 'applied')) ORDER BY revision, id DESC",
      history_));
  for (const auto& row : result.rows) {
    out.emplace(row.at(0).value_or(""), row.at(1).value_or(""));
  }
  return out;
}

std::set<std::string> history_table::applied_revisions() {
  std::set<std::string> out;
  if (!exists()) {
    return out;
  }
  auto result = session_.exec(fmt::format(
      "SELECT revision FROM (SELECT DISTINCT ON (revision) revision, direction, outcome FROM {} "
      "WHERE (direction IN ('upgrade', 'downgrade') AND outcome = 'applied') OR direction = "
      "'resolve' ORDER BY revision, id DESC) last WHERE (direction = 'upgrade') OR (direction = "
      "'resolve' AND outcome = 'applied')",
      history_));
  for (const auto& row : result.rows) {
    out.insert(row.at(0).value_or(""));
  }
  return out;
}

std::vector<in_progress_marker> history_table::markers() {
  auto found = session_.exec(sql_statement{"SELECT to_regclass($1) IS NOT NULL", {markers_}});
  if (found.rows.at(0).at(0) != std::optional<std::string>("t")) {
    return {};
  }
  return existing_markers();
}

std::vector<in_progress_marker> history_table::existing_markers() {
  auto result = session_.exec(fmt::format(
      "SELECT revision, direction, to_char(started_at AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(source_file, ''), heads_removed, heads_added, "
      "backend_pid FROM {} ORDER BY started_at, revision",
      markers_));
  std::vector<in_progress_marker> out;
  for (const auto& r : result.rows) {
    auto v = [&](std::size_t i) { return r.at(i).value_or(""); };
    out.push_back({v(0), v(1), v(2), v(3), split(v(4)), split(v(5)), v(6)});
  }
  return out;
}

void history_table::set_marker(const in_progress_marker& marker) {
  session_.exec(sql_statement{
      fmt::format("INSERT INTO {} (revision, direction, source_file, heads_removed, heads_added) "
                  "VALUES ($1, $2, $3, $4, $5)",
                  markers_),
      {marker.revision, marker.direction, or_null(marker.source_file), joined(marker.heads_removed),
       joined(marker.heads_added)}});
}

void history_table::ensure_progress_table() {
  // Apart from ensure_exists(): databases whose history predates resumable steps lack it. The
  // caller holds the migration lock.
  session_.exec(
      fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                  "    revision varchar(255) NOT NULL,\n"
                  "    statement integer NOT NULL,\n"
                  "    last_key text,\n"
                  "    rows bigint NOT NULL,\n"
                  "    batches bigint NOT NULL,\n"
                  "    finished boolean NOT NULL,\n"
                  "    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
                  "    PRIMARY KEY (revision, statement)\n"
                  ")",
                  progress_));
}

std::map<std::size_t, statement_progress> history_table::progress(const std::string& revision) {
  std::map<std::size_t, statement_progress> out;
  auto found = session_.exec(sql_statement{"SELECT to_regclass($1) IS NOT NULL", {progress_}});
  if (found.rows.at(0).at(0) != std::optional<std::string>("t")) {
    return out;
  }
  auto result = session_.exec(sql_statement{
      fmt::format("SELECT statement, last_key, rows, batches, finished FROM {} WHERE revision = "
                  "$1",
                  progress_),
      {revision}});
  for (const auto& r : result.rows) {
    out[std::stoul(r.at(0).value_or("0"))] = {r.at(1), std::stoll(r.at(2).value_or("0")),
                                              std::stoll(r.at(3).value_or("0")),
                                              r.at(4) == std::optional<std::string>("t")};
  }
  return out;
}

void history_table::record_progress(const std::string& revision, std::size_t statement,
                                    const statement_progress& progress) {
  session_.exec(sql_statement{
      fmt::format("INSERT INTO {} (revision, statement, last_key, rows, batches, finished) VALUES "
                  "($1, $2, $3, $4, $5, $6) ON CONFLICT (revision, statement) DO UPDATE SET "
                  "last_key = EXCLUDED.last_key, rows = EXCLUDED.rows, batches = "
                  "EXCLUDED.batches, finished = EXCLUDED.finished, updated_at = clock_timestamp()",
                  progress_),
      {revision, std::to_string(statement), progress.last_key, std::to_string(progress.rows),
       std::to_string(progress.batches), progress.finished ? "true" : "false"}});
}

void history_table::clear_progress(const std::string& revision) {
  auto found = session_.exec(sql_statement{"SELECT to_regclass($1) IS NOT NULL", {progress_}});
  if (found.rows.at(0).at(0) == std::optional<std::string>("t")) {
    session_.exec(
        sql_statement{fmt::format("DELETE FROM {} WHERE revision = $1", progress_), {revision}});
  }
}

void history_table::clear_marker(const std::string& revision) {
  auto result = session_.exec(
      sql_statement{fmt::format("DELETE FROM {} WHERE revision = $1", markers_), {revision}});
  if (result.affected_rows != 1) {
    throw database_error(
        fmt::format("the in-progress marker of revision {} was removed under this run; another "
                    "process may be migrating this database",
                    revision),
        "", "");
  }
}

}  // namespace retort::store
