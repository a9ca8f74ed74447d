#include "pg/session.hpp"

#include <libpq-fe.h>
#include <pqxx/connection>
#include <pqxx/errorhandler>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>
#include <pqxx/result>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <ranges>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "pg/connection_string.hpp"
#include "printable.hpp"
#include "retort/errors.hpp"
#include "url.hpp"

namespace retort::pg {

namespace {

// The SQLSTATEs PostgreSQL itself uses for the same misuse of transaction control.
constexpr const char* active_sql_transaction = "25001";
constexpr const char* no_active_sql_transaction = "25P01";
constexpr const char* in_failed_sql_transaction = "25P02";
constexpr const char* character_not_in_repertoire = "22021";

// Where a server error's field begins; the lines of a field after its first are not labelled.
bool starts_a_field(std::string_view line) {
  static constexpr std::array<std::string_view, 12> labels{
      "DETAIL:  ",     "HINT:  ",        "QUERY:  ",         "CONTEXT:  ",
      "LOCATION:  ",   "STATEMENT:  ",   "WHERE:  ",         "SCHEMA NAME:  ",
      "TABLE NAME:  ", "COLUMN NAME:  ", "DATATYPE NAME:  ", "CONSTRAINT NAME:  "};
  return std::any_of(labels.begin(), labels.end(),
                     [&](std::string_view label) { return line.starts_with(label); });
}

// Whether the line breaks inside a field are kept. A server error's message, detail or context
// may hold line feeds of its own (a RAISE in a trigger, a value in a row): kept, its next line
// could pass for one of retort's, so they are written as `\n` within the field's line.
enum class field_lines { kept, joined };

// libpq messages look like "ERROR:  relation \"x\" does not exist\nLINE 1: ...\n   ^\n".
// Keeps the primary message (without its severity) and the DETAIL/HINT/CONTEXT lines; drops
// the position lines, since the statement travels beside the message.
std::string tidy_server_message(std::string_view raw, field_lines fields = field_lines::kept) {
  std::string out;
  bool first = true;
  bool skip_caret = false;
  while (!raw.empty()) {
    const auto end = raw.find('\n');
    std::string_view line = raw.substr(0, end);
    raw = end == std::string_view::npos ? std::string_view{} : raw.substr(end + 1);
    if (skip_caret) {
      skip_caret = false;
      if (line.find_first_not_of(" ^") == std::string_view::npos) {
        continue;
      }
    }
    if (line.starts_with("LINE ")) {
      skip_caret = true;
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      continue;
    }
    if (!first) {
      out += fields == field_lines::joined && !starts_a_field(line) ? "\\n" : "\n";
    }
    first = false;
    // Connection messages carry the severity mid-line: "...failed: FATAL:  database ...".
    for (std::string_view severity : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
      if (const auto at = line.find(severity); at != std::string_view::npos) {
        out += line.substr(0, at);
        line.remove_prefix(at + severity.size());
        break;
      }
    }
    out += line;
  }
  return out;
}

std::string with_sqlstate(std::string message, const std::string& sqlstate) {
  if (sqlstate.empty()) {
    return message;
  }
  // The SQLSTATE belongs to the primary message, the first line.
  const auto eol = message.find('\n');
  message.insert(eol == std::string::npos ? message.size() : eol, " (SQLSTATE " + sqlstate + ")");
  return message;
}

// Rethrows the exception in flight (from pqxx) as retort::database_error. `sql` is the statement
// being run, if any; `url` lets connection messages be scrubbed of the password.
[[noreturn]] void rethrow_as_database_error(const std::string& sql, std::string_view url) {
  try {
    throw;
  } catch (const database_error&) {
    throw;
  } catch (const pqxx::sql_error& e) {
    const std::string& statement = e.query().empty() ? sql : e.query();
    std::string sqlstate = e.sqlstate();
    // pqxx 6 throws insufficient_privilege without its SQLSTATE; the history table's trigger
    // raises it, and callers tell a refusal apart by it.
    if (sqlstate.empty() && dynamic_cast<const pqxx::insufficient_privilege*>(&e) != nullptr) {
      sqlstate = "42501";
    }
    throw database_error(
        with_sqlstate(tidy_server_message(e.what(), field_lines::joined), sqlstate), sqlstate,
        statement);
  } catch (const pqxx::broken_connection& e) {
    const std::string reason = redact_secrets(tidy_server_message(e.what()), url);
    if (sql.empty()) {
      throw database_error(fmt::format("cannot connect to {}: {}", redact_url(url), reason), "",
                           "");
    }
    // pqxx 6 often reports a terminated backend as "Could not obtain client encoding: not
    // connected", which says nothing to an operator: say what happened in words, and keep the
    // driver's text only when it adds something (a network or TLS error, say).
    const bool says_nothing = reason.empty() ||
                              reason.find("client encoding") != std::string::npos ||
                              reason == "not connected";
    throw database_error(
        fmt::format("connection lost: the server ended this session (an administrator's "
                    "pg_terminate_backend, a server restart, or a network failure) before it "
                    "said how the statement ended; {}{}",
                    // A COMMIT may have been carried out before the answer was lost.
                    sql == "COMMIT"
                        ? "whether the transaction committed is unknown: check the database"
                        : "an open transaction ended with it, uncommitted",
                    says_nothing ? "" : fmt::format("; libpq said: {}", reason)),
        "", sql);
  } catch (const pqxx::pqxx_exception& e) {
    throw database_error(redact_secrets(tidy_server_message(e.base().what()), url), "", sql);
  }
}

// What libpq reads only when it connects, and then reports like a server that cannot be
// reached: a port that is not a number, an sslmode it does not know.
std::string unusable_value(const char* keyword, std::string_view value) {
  static const std::map<std::string_view, std::vector<std::string_view>> choices{
      {"sslmode", {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
      {"gssencmode", {"disable", "prefer", "require"}},
      {"channel_binding", {"disable", "prefer", "require"}},
      {"target_session_attrs",
       {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}},
  };
  const std::string_view name = keyword;
  if (auto found = choices.find(name); found != choices.end()) {
    if (std::find(found->second.begin(), found->second.end(), value) == found->second.end()) {
      return fmt::format("{} \"{}\" is not one of {}", name, printable(value),
                         fmt::join(found->second, ", "));
    }
    return {};
  }
  // A port may be a list, one per host; an empty entry means the default.
  if (name == "port") {
    for (const auto part : value | std::views::split(',')) {
      // As libpq reads a number: spaces around it and a sign allowed.
      std::string_view port(part.begin(), part.end());
      port.remove_prefix(std::min(port.find_first_not_of(" \t"), port.size()));
      port.remove_suffix(port.size() - std::min(port.find_last_not_of(" \t") + 1, port.size()));
      if (port.starts_with('+')) {
        port.remove_prefix(1);
      }
      unsigned number = 0;
      const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
      if (!port.empty() && (error != std::errc{} || end != port.data() + port.size() ||
                            number == 0 || number > 65535)) {
        return fmt::format("port \"{}\" is not a number from 1 to 65535", printable(port));
      }
    }
  }
  return {};
}

// A URL libpq cannot read (a bad IPv6 literal, an unknown query parameter, a stray `=`, a port
// that is not a number) is the operator's configuration, not a database failure: say so before
// trying to connect.
void refuse_malformed(const std::string& url) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (options != nullptr) {
    std::string reason;
    for (const auto* option = options; option->keyword != nullptr && reason.empty(); ++option) {
      if (option->val != nullptr) {
        reason = unusable_value(option->keyword, option->val);
      }
    }
    PQconninfoFree(options);
    if (!reason.empty()) {
      throw config_error(fmt::format("the database URL {} is malformed: {}", redact_url(url),
                                     redact_secrets(reason, url)));
    }
    return;
  }
  std::string reason = message != nullptr ? message : "libpq cannot read it";
  PQfreemem(message);
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
    reason.pop_back();
  }
  throw config_error(fmt::format("the database URL {} is malformed: {}", redact_url(url),
                                 redact_secrets(reason, url)));
}

// pqxx 6 prints server notices and its own warnings to stderr unless a handler takes them;
// a library has no business writing there.
class silent_notices final : public pqxx::errorhandler {
 public:
  using pqxx::errorhandler::errorhandler;
  bool operator()(const char*) noexcept override { return false; }
};

}  // namespace

// One long-lived nontransaction: pqxx then never opens its own transaction blocks, so BEGIN,
// COMMIT and ROLLBACK are ours to send and statements such as CREATE INDEX CONCURRENTLY can run
// between transactions.
struct session::impl {
  std::string url;
  std::unique_ptr<pqxx::connection> connection;
  std::unique_ptr<silent_notices> notices;
  std::unique_ptr<pqxx::nontransaction> work;
  bool in_transaction = false;
  // Set once the connection is lost. pqxx 6 would quietly open a new one on the next call but
  // one, without the session's state (advisory locks, an open transaction, settings): refuse
  // to go on instead.
  bool lost = false;

  // Runs `sql` and converts its result; `params` is null for plain (multi-statement) text.
  result run(const std::string& sql, const std::vector<std::optional<std::string>>* params) {
    if (lost) {
      throw database_error("the connection to the server was lost earlier; connect again", "", sql);
    }
    pqxx::result r;
    try {
      r = params == nullptr ? work->exec(sql)
                            : work->exec_params(sql, pqxx::prepare::make_dynamic_params(*params));
    } catch (...) {
      // A connection can also die with an SQL error (57P01 when an administrator terminates
      // the backend); the server has ended any transaction block with it.
      if (!connection->is_open()) {
        lost = true;
        in_transaction = false;
      }
      rethrow_as_database_error(sql, url);
    }
    result out;
    const auto columns = r.columns();
    out.columns.reserve(columns);
    out.column_types.reserve(columns);
    for (pqxx::row::size_type c = 0; c < columns; ++c) {
      out.columns.emplace_back(r.column_name(c));
      out.column_types.push_back(r.column_type(c));
    }
    out.rows.reserve(r.size());
    for (const auto& source : r) {
      row& target = out.rows.emplace_back();
      target.reserve(columns);
      for (const auto& field : source) {
        if (field.is_null()) {
          target.emplace_back(std::nullopt);
        } else {
          target.emplace_back(std::in_place, field.c_str(), field.size());
        }
      }
    }
    out.affected_rows = static_cast<std::size_t>(r.affected_rows());
    return out;
  }
};

std::unique_ptr<session> session::connect(const std::string& url,
                                          const std::string& application_name) {
  refuse_malformed(url);
  auto state = std::make_unique<impl>();
  state->url = url;
  try {
    state->connection =
        std::make_unique<pqxx::connection>(with_application_name(url, application_name));
  } catch (...) {
    rethrow_as_database_error("", url);
  }
  state->notices = std::make_unique<silent_notices>(*state->connection);
  state->work = std::make_unique<pqxx::nontransaction>(*state->connection, "retort");
  return std::unique_ptr<session>(new session(std::move(state)));
}

session::session(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

session::~session() {
  // Closing the connection makes the server roll back an open transaction; say so explicitly
  // all the same, so nothing depends on when the server notices the disconnect.
  rollback();
}

result session::exec(const sql_statement& statement) {
  if (statement.params.empty()) {
    return impl_->run(statement.sql, nullptr);
  }
  return exec_single(statement);
}

result session::exec_single(const sql_statement& statement) {
  for (std::size_t i = 0; i < statement.params.size(); ++i) {
    const auto& param = statement.params[i];
    // libpq sends text parameters as C strings: a NUL byte would silently cut the value.
    if (param && param->find('\0') != std::string::npos) {
      throw database_error(
          with_sqlstate(fmt::format("parameter ${} contains a NUL byte, which PostgreSQL text "
                                    "cannot hold",
                                    i + 1),
                        character_not_in_repertoire),
          character_not_in_repertoire, statement.sql);
    }
  }
  return impl_->run(statement.sql, &statement.params);
}

result session::exec(const std::string& sql) {
  return impl_->run(sql, nullptr);
}

void session::begin() {
  if (impl_->in_transaction) {
    throw database_error(
        with_sqlstate("begin(): a transaction is already open", active_sql_transaction),
        active_sql_transaction, "BEGIN");
  }
  impl_->run("BEGIN", nullptr);
  impl_->in_transaction = true;
}

void session::commit() {
  if (!impl_->in_transaction) {
    throw database_error(
        with_sqlstate("commit(): no transaction is open", no_active_sql_transaction),
        no_active_sql_transaction, "COMMIT");
  }
  // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK, not with an error, and
  // pqxx 6 hides the command tag that tells them apart: ask before committing.
  try {
    impl_->run("SELECT 1", nullptr);
  } catch (const database_error& e) {
    rollback();
    if (e.sqlstate() == in_failed_sql_transaction) {
      throw database_error(with_sqlstate("COMMIT refused: a statement in the transaction had "
                                         "failed, so it was rolled back",
                                         in_failed_sql_transaction),
                           in_failed_sql_transaction, "COMMIT");
    }
    throw;
  }
  impl_->in_transaction = false;
  impl_->run("COMMIT", nullptr);
}

void session::rollback() noexcept {
  if (!impl_ || !impl_->in_transaction) {
    return;
  }
  impl_->in_transaction = false;
  try {
    impl_->run("ROLLBACK", nullptr);
  } catch (...) {
    // A lost connection has rolled back already; run() has marked it lost.
  }
}

bool session::in_transaction() const noexcept {
  return impl_->in_transaction;
}

int session::backend_pid() const {
  return impl_->connection->backendpid();
}

}  // namespace retort::pg
