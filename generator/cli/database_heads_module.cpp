// The module the front door loads for `current`: libpq and libpqxx come with it, and only then.
#include <retort/errors.hpp>

#include "cli/database_heads.hpp"
#include "cli/reported_error.hpp"
#include "pg/session.hpp"

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
  // The same reads, in the same order, as the full command's `current`.
  out.rows = store::version_table(*session, request.location).heads();
  out.markers = store::history_table(*session, request.location).markers();
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
