#include <retort/embed.hpp>
#include <retort/errors.hpp>

#include "migrator/migrator.hpp"
#include "url.hpp"

namespace retort {

namespace {

embedded_failure failure_from_current_exception(const std::string& url) {
  try {
    throw;
  } catch (const lock_timeout& e) {
    return {redact_secrets(e.what(), url), "", "", "", true};
  } catch (const migration_failed& e) {
    return {redact_secrets(e.what(), url), e.revision(), e.sqlstate(), e.statement()};
  } catch (const database_error& e) {
    return {redact_secrets(e.what(), url), "", e.sqlstate(), e.statement()};
  } catch (const std::exception& e) {
    return {redact_secrets(e.what(), url), "", "", ""};
  } catch (...) {
    return {"an unknown exception stopped the upgrade", "", "", ""};
  }
}

}  // namespace

embedded_report upgrade(const embedded_options& options) {
  embedded_report report;
  migrator m({.url = options.url,
              .plugin_directory = options.plugin_directory,
              .version_table = {options.version_table, options.version_table_schema},
              .out = options.log,
              .concurrency = {.lock_timeout = options.lock_timeout,
                              .pg_lock_timeout = options.pg_lock_timeout,
                              .statement_timeout = options.statement_timeout,
                              .retries = options.retries,
                              .single_transaction = options.single_transaction}});
  try {
    report.heads_before = m.current();
    m.upgrade(options.target);
  } catch (...) {
    report.failure = failure_from_current_exception(options.url);
  }
  report.applied = m.applied_in_last_run();
  try {
    report.heads_after = m.current();
  } catch (...) {
    // The database may be unreachable; the failure above already says why.
  }
  return report;
}

}  // namespace retort
