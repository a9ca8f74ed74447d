// The module the front door loads for `current`: libpq and libpqxx come with it, and only then.
#include <retort/errors.hpp>

#include "cli/database_heads.hpp"
#include "cli/reported_error.hpp"
#include "pg/session.hpp"
#include "store/current_rows.hpp"

namespace retort::cli {
namespace {

void read(const database_heads_request& request, database_heads& out) {
  std::unique_ptr<pg::session> session;
  try {
    session = pg::session::connect(request.url);
  } catch (const config_error&) {
    return;  // a malformed URL: the full command's usage error
  } catch (const database_error& e) {
    out.result = database_heads::outcome::not_connected;
    out.error = reported_error(e.what(), request.given_url);
    return;
  }
  // The rows the full command's `current` reads, in one round trip fewer.
  auto read = store::read_current_rows(*session, request.location);
  out.rows = std::move(read.heads);
  out.markers = std::move(read.markers);
  out.result = database_heads::outcome::read;
}

}  // namespace
}  // namespace retort::cli

extern "C" [[gnu::visibility("default")]] void retort_read_database_heads(
    const retort::cli::database_heads_request& request, retort::cli::database_heads& out) noexcept {
  static_assert(std::is_same_v<decltype(retort_read_database_heads),
                               retort::cli::read_database_heads_function>);
  try {
    retort::cli::read(request, out);
  } catch (...) {
    out = {};  // failed: handed over
  }
}
