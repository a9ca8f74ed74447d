#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace retort {

/// Base of every error retort reports; `what()` is the sentence shown to the user.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --- The author of a migration must act -------------------------------------------------------

/// An identifier that PostgreSQL would reject or silently truncate.
class invalid_identifier : public error {
 public:
  using error::error;
};

/// An operation whose reverse cannot be derived from the data it carries.
class irreversible_operation : public error {
 public:
  using error::error;
};

/// A plugin file that cannot be loaded; `file()` names it.
class plugin_error : public error {
 public:
  plugin_error(std::string file, const std::string& reason)
      : error(file + ": " + reason), file_(std::move(file)) {}
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

 private:
  std::string file_;
};

/// An exception thrown by a migration's own code (`upgrade()` or `downgrade()`), converted
/// while its plugin was still loaded.
class migration_code_error : public error {
 public:
  migration_code_error(const std::string& message, std::string revision)
      : error(message), revision_(std::move(revision)) {}
  [[nodiscard]] const std::string& revision() const noexcept { return revision_; }

 private:
  std::string revision_;
};

/// A revision graph that is inconsistent (cycle, duplicate, missing parent, ...).
class graph_error : public error {
 public:
  using error::error;
};

/// A target (`head`, `-1`, an id prefix, ...) that does not name what the user meant.
class target_error : public error {
 public:
  using error::error;
};

// --- The operator must act -------------------------------------------------------------------

/// Configuration that is missing or contradictory (no URL, no plugin directory, ...).
class config_error : public error {
 public:
  using error::error;
};

/// The environment's policy forbids the command (a downgrade where it is forward-only).
class policy_error : public error {
 public:
  using error::error;
};

/// A command for fresh databases only (`create-all`) found one that holds a schema already.
/// Nothing was changed.
class database_not_empty : public error {
 public:
  using error::error;
};

/// A failure reported by PostgreSQL, or a connection that could not be made.
class database_error : public error {
 public:
  database_error(const std::string& message, std::string sqlstate, std::string statement)
      : error(message), sqlstate_(std::move(sqlstate)), statement_(std::move(statement)) {}
  /// The SQLSTATE code; empty when the failure did not come from a statement.
  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }
  /// The statement that failed; empty when the failure did not come from a statement.
  [[nodiscard]] const std::string& statement() const noexcept { return statement_; }

 private:
  std::string sqlstate_;
  std::string statement_;
};

/// The migration lock of a database was not acquired in time: another run holds it. Nothing was
/// changed. The holder's fields are empty (pid 0) when it let go before it could be named.
class lock_timeout : public error {
 public:
  lock_timeout(const std::string& message, int holder_pid, std::string holder_application,
               std::string holder_client, std::string holder_since)
      : error(message),
        holder_pid_(holder_pid),
        holder_application_(std::move(holder_application)),
        holder_client_(std::move(holder_client)),
        holder_since_(std::move(holder_since)) {}
  /// The server process id of the session holding the lock; 0 when unknown.
  [[nodiscard]] int holder_pid() const noexcept { return holder_pid_; }
  /// Its `application_name` (`retort` for another retort run).
  [[nodiscard]] const std::string& holder_application() const noexcept {
    return holder_application_;
  }
  /// Its client address; empty for a Unix-socket connection.
  [[nodiscard]] const std::string& holder_client() const noexcept { return holder_client_; }
  /// When its connection started (`backend_start`), as the server prints a timestamptz.
  [[nodiscard]] const std::string& holder_since() const noexcept { return holder_since_; }

 private:
  int holder_pid_;
  std::string holder_application_;
  std::string holder_client_;
  std::string holder_since_;
};

/// What the database records disagrees with the plugins: an applied migration whose source
/// changed, an applied revision no plugin declares, or an interrupted non-transactional step.
/// Refused before anything changed; the message names the revision and the way out (`retort
/// repair`, `--allow-missing`, `retort resolve`).
class integrity_error : public error {
 public:
  integrity_error(const std::string& message, std::string revision)
      : error(message), revision_(std::move(revision)) {}
  /// The first revision concerned.
  [[nodiscard]] const std::string& revision() const noexcept { return revision_; }

 private:
  std::string revision_;
};

/// A migration step that failed and was rolled back; the database is at the previous revision.
class migration_failed : public error {
 public:
  migration_failed(const std::string& message, std::string revision, std::string file,
                   std::string sqlstate, std::string statement)
      : error(message),
        revision_(std::move(revision)),
        file_(std::move(file)),
        sqlstate_(std::move(sqlstate)),
        statement_(std::move(statement)) {}
  [[nodiscard]] const std::string& revision() const noexcept { return revision_; }
  /// The source file of the migration, as recorded by the plugin.
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  /// Empty when the failure did not come from SQL (a C++ exception, for instance).
  [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }
  /// Empty when the failure did not come from SQL.
  [[nodiscard]] const std::string& statement() const noexcept { return statement_; }

 private:
  std::string revision_;
  std::string file_;
  std::string sqlstate_;
  std::string statement_;
};

}  // namespace retort
