#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "integration/database.hpp"
#include "sql_statement.hpp"

/// What the concurrency tests share: the CLI started in the background, and a session that
/// holds a database's migration lock the way an operator would take it by hand.
namespace retort::testing {

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

/// The `retort` command, started at construction and running until `finish()`.
class cli_process {
 public:
  /// `args` follow the program name; `env` is prepended (`NAME=value ...`).
  explicit cli_process(const std::string& args, const std::string& env = "") {
    const std::string command = "env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS " +
                                std::string("-u RETORT_CONFIG -u PGOPTIONS ") + env + " " +
                                RETORT_CLI + " " + args + " 2>&1";
    pipe_ = popen(command.c_str(), "r");
    if (pipe_ == nullptr) {
      throw std::runtime_error("popen failed");
    }
  }
  ~cli_process() {
    if (pipe_ != nullptr) {
      pclose(pipe_);
    }
  }
  cli_process(const cli_process&) = delete;
  cli_process& operator=(const cli_process&) = delete;

  /// Waits for the exit; returns the exit status (-1 when killed by a signal).
  int finish() {
    std::array<char, 4096> buffer{};
    while (auto n = fread(buffer.data(), 1, buffer.size(), pipe_)) {
      output_.append(buffer.data(), n);
    }
    int status = pclose(pipe_);
    pipe_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  /// Everything it printed (stdout and stderr), once finished.
  [[nodiscard]] const std::string& output() const noexcept { return output_; }

 private:
  FILE* pipe_ = nullptr;
  std::string output_;
};

struct cli_result {
  int status;
  std::string output;
};

inline cli_result run_cli(const std::string& args, const std::string& env = "") {
  cli_process process(args, env);
  int status = process.finish();
  return {status, process.output()};
}

/// Arguments that point the CLI at `url` and the example bundle.
inline std::string example_args(const std::string& url) {
  return "--url " + shell_quote(url) + " --plugins " + RETORT_EXAMPLE_PLUGINS;
}

inline bool has_table(database& db, const std::string& name) {
  return db.scalar("SELECT to_regclass('" + name + "') IS NOT NULL") == "t";
}

/// The lock key as docs/cli.md tells an operator to compute it.
inline constexpr const char* documented_lock_key =
    "('x' || left(md5(quote_ident(current_database()) || '.' || "
    "quote_ident(coalesce(nullif($1, ''), current_schema(), '')) || '.' || quote_ident($2)), "
    "16))::bit(64)::bigint";

/// A session of its own (application `retort-test`) holding the migration lock of a version
/// table until destroyed.
class lock_holder {
 public:
  lock_holder(const std::string& url, const std::string& schema = "",
              const std::string& table = "alembic_version")
      : db_(url) {
    db_.session().exec(sql_statement{
        std::string("SELECT pg_advisory_lock(") + documented_lock_key + ")", {schema, table}});
  }
  [[nodiscard]] int pid() { return db_.session().backend_pid(); }

 private:
  database db_;
};

}  // namespace retort::testing
