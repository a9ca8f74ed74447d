#pragma once

#include <filesystem>
#include <memory>
#include <string>

/// A throwaway PostgreSQL server for commands that must build a schema somewhere harmless
/// (`retort check`): its own cluster in a temporary directory, reachable only through a Unix
/// socket there, gone when the object is.
namespace retort::scratch {

class scratch_server {
 public:
  /// initdb, then start. Run as root, the server runs as the `postgres` user (PostgreSQL
  /// refuses root), or `nobody` where there is none. Throws `retort::error` saying what is
  /// missing (the server programs: set RETORT_PG_BINDIR) or what failed, with the end of the
  /// server's log.
  static std::unique_ptr<scratch_server> start();
  /// Stops the server at once and removes its directory; never throws.
  ~scratch_server();
  scratch_server(const scratch_server&) = delete;
  scratch_server& operator=(const scratch_server&) = delete;

  /// A libpq URL of the `postgres` database, as superuser `postgres`.
  [[nodiscard]] const std::string& url() const noexcept { return url_; }

 private:
  scratch_server(std::filesystem::path bindir, std::filesystem::path directory, std::string run_as);
  void stop() noexcept;

  std::filesystem::path bindir_;
  std::filesystem::path directory_;
  std::string run_as_;  ///< empty: as this process's user
  std::string url_;
  bool running_ = false;
};

/// Where initdb and pg_ctl are: $RETORT_PG_BINDIR, else the newest
/// /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH), else PATH.
/// Throws `retort::error` when there are none.
[[nodiscard]] std::filesystem::path find_server_programs();

}  // namespace retort::scratch
