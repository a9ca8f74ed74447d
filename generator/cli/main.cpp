// The `retort` command: Alembic's verbs for C++ migration plugins.
#include <retort/errors.hpp>

#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bundle/bundle_error.hpp"
#include "cli/autogen_command.hpp"
#include "cli/bundle_commands.hpp"
#include "cli/check_command.hpp"
#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "cli/create_all_command.hpp"
#include "cli/escaped_output.hpp"
#include "cli/exit_codes.hpp"
#include "cli/lint_command.hpp"
#include "cli/reported_error.hpp"
#include "cli/scaffold_commands.hpp"
#include "cli/squash_command.hpp"
#include "cli/verify_command.hpp"
#include "offline/offline_script.hpp"
#include "printable.hpp"

namespace {

using namespace retort;

int report(const std::string& message, const cli::flags& given, int code) {
  std::cerr << "error: " << cli::reported_error(message, given.url) << "\n";
  return code;
}

// Alembic users type `downgrade -1`; CLI11 would take `-1` for a flag. A bare negative step is
// always a positional target, so it goes behind a `--`.
std::vector<std::string> arguments_with_relative_targets(int argc, char** argv) {
  std::vector<std::string> out;
  std::vector<std::string> negative_steps;
  bool options_ended = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    options_ended = options_ended || arg == "--";
    bool negative_step = arg.size() > 1 && arg[0] == '-' &&
                         arg.find_first_not_of("0123456789", 1) == std::string::npos;
    if (negative_step && !options_ended) {
      // Moved behind a `--` at the end, so options may still follow it (`downgrade -1 --sql`).
      negative_steps.push_back(std::move(arg));
    } else {
      out.push_back(std::move(arg));
    }
  }
  if (!negative_steps.empty()) {
    if (!options_ended) {
      out.emplace_back("--");
    }
    out.insert(out.end(), negative_steps.begin(), negative_steps.end());
  }
  std::reverse(out.begin(), out.end());  // CLI11 takes its vector in reverse order
  return out;
}

// What `check` and `revision --autogenerate` compare: schemas and table globs, each repeatable.
void add_comparison_filters(CLI::App& verb, autogen::filters& filters) {
  verb.add_option("--include-schema", filters.include_schemas,
                  "compare only these schemas (repeatable)")
      ->allow_extra_args(false);
  verb.add_option("--exclude-schema", filters.exclude_schemas,
                  "leave these schemas out (repeatable)")
      ->allow_extra_args(false);
  verb.add_option("--include-table", filters.include_tables,
                  "compare only tables matching this glob (repeatable)")
      ->allow_extra_args(false);
  verb.add_option("--exclude-table", filters.exclude_tables,
                  "leave out tables matching this glob (repeatable)")
      ->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv) {
  cli::escaped_output escaped_errors(std::cerr);
  CLI::App app{"retort: schema migrations for C++ teams, compiled like code", "retort"};
  app.require_subcommand(1);
  // The global options may come after the verb too (`retort lint --url URL`), as most CLIs
  // take them: every subcommand made below inherits this and passes what it does not know up.
  app.fallthrough();
  app.set_version_flag("--version", "retort " RETORT_VERSION);
  cli::flags given;
  app.add_option("--url", given.url, "PostgreSQL URL (else RETORT_URL, DATABASE_URL, retort.toml)");
  app.add_option("--env", given.environment,
                 "the [environments.NAME] of retort.toml to use (else RETORT_ENV, environment)");
  app.add_option("-p,--plugins", given.plugins,
                 "directory of migration plugins (else RETORT_PLUGINS, retort.toml)");
  app.add_option("--bundle", given.bundle,
                 "a verified bundle (directory or .tar.gz) instead of --plugins");
  app.add_option("--public-key", given.public_key,
                 "bundles and plans must be signed with this key (file)");
  app.add_option("-c,--config", given.config_file, "config file (default: ./retort.toml)");
  app.add_option("--version-table", given.version_table, "version table (default alembic_version)");
  app.add_option("--version-table-schema", given.version_table_schema,
                 "schema of the version table (default: the search path)");
  app.add_option("--lock-timeout", given.lock_timeout,
                 "seconds to wait for another run's migration lock (default 60; 0: fail at once)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--pg-lock-timeout", given.pg_lock_timeout,
                 "PostgreSQL lock_timeout of the migrating session, seconds (default 10; 0: off)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--statement-timeout", given.statement_timeout,
                 "PostgreSQL statement_timeout of the migrating session, seconds (default 0: off)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--retries", given.retries,
                 "retry a migration that hit the lock timeout, after rollback (default 0)")
      ->check(CLI::Range(0, 1000));
  app.add_flag("--single-transaction", given.single_transaction,
               "run every migration in one transaction: all or nothing");
  app.add_flag("--allow-missing", given.allow_missing,
               "run although the history names applied revisions no plugin declares");

  std::string target;
  std::string range;
  std::vector<std::string> targets;
  bool verbose = false;
  bool purge = false;
  bool indicate_current = false;
  bool check_heads = false;
  bool resolve_dependencies = false;
  bool sql = false;

  auto* upgrade = app.add_subcommand("upgrade", "upgrade to a later revision");
  upgrade->add_option("revision", target, "head, heads, a revision, label@head, +N")->required();
  upgrade->add_flag("--sql", sql, "print the SQL script instead of running it (no database)");
  std::string database_list;
  int jobs = 4;
  upgrade
      ->add_option("--databases", database_list,
                   "upgrade every database of this file (one `URL` or `NAME URL` a line)")
      ->excludes("--sql");
  upgrade->add_option("--jobs", jobs, "with --databases: how many at a time (default 4)")
      ->check(CLI::Range(1, 256));
  auto* downgrade = app.add_subcommand("downgrade", "revert to a previous revision");
  downgrade->add_flag("--force-downgrade", given.force_downgrade,
                      "downgrade an environment whose policy is forward-only (production)");
  downgrade->add_option("revision", target, "base, a revision, -N")->required();
  downgrade->add_flag("--sql", sql, "print the SQL script of START:END instead of running it");
  auto* stamp = app.add_subcommand("stamp", "set the version table without running migrations");
  stamp->add_option("revisions", targets, "one or more targets")->required();
  stamp->add_flag("--purge", purge, "empty the version table first, whatever it holds");
  stamp->add_flag("--sql", sql, "print the SQL instead of running it (no database)");
  stamp->add_flag("--force-downgrade", given.force_downgrade,
                  "stamp a forward-only environment (production) down, or with --purge");
  auto* current = app.add_subcommand("current", "show the revisions the database is at");
  current->add_flag("-v,--verbose", verbose);
  current->add_flag("--check-heads", check_heads, "exit non-zero unless the database is at head");
  auto* heads = app.add_subcommand("heads", "show the head revisions of the migrations");
  heads->add_flag("-v,--verbose", verbose);
  heads->add_flag("--resolve-dependencies", resolve_dependencies,
                  "treat dependencies as down revisions");
  auto* branches = app.add_subcommand("branches", "show the branch points");
  branches->add_flag("-v,--verbose", verbose);
  auto* show = app.add_subcommand("show", "show one revision (or `current`)");
  show->add_option("revision", target)->required();
  auto* history = app.add_subcommand("history", "list revisions, newest first");
  history->add_option("-r,--rev-range", range, "[start]:[end], [start]:, or :[end]");
  history->add_flag("-v,--verbose", verbose);
  history->add_flag("-i,--indicate-current", indicate_current, "mark the database's revisions");

  bool resolved_applied = false;
  bool resolved_reverted = false;
  std::size_t log_limit = 0;
  auto* repair = app.add_subcommand(
      "repair", "accept the changed source checksums of applied migrations, on the record");
  auto* resolve = app.add_subcommand(
      "resolve", "settle a non-transactional migration that did not finish (its marker)");
  resolve->add_option("revision", target, "the revision of the in-progress marker")->required();
  auto* resolved_as =
      resolve->add_flag("--applied", resolved_applied, "its changes are in place in the database");
  resolve->add_flag("--reverted", resolved_reverted, "its changes are not in the database")
      ->excludes(resolved_as);
  auto* log = app.add_subcommand("log", "show the history table: every run, newest first");
  log->add_option("-n,--limit", log_limit, "show at most N rows");
  log->add_option("-r,--revision", target, "only the rows of this revision");
  log->add_flag("-v,--verbose", verbose, "who, from where, checksums, errors");

  auto* create_all = app.add_subcommand(
      "create-all", "build the model's schema on an empty database and stamp head, at once");
  create_all->add_option("--model", given.model, "the model plugin (built by retort_add_model)");
  cli::check_flags check_flags;
  auto* check = app.add_subcommand(
      "check",
      "exit non-zero, printing the difference, when the migrations do not build the model");
  check->add_option("--model", given.model, "the model plugin (built by retort_add_model)");
  check->add_option("--scratch-url", check_flags.scratch_url,
                    "an empty database to migrate, instead of starting a scratch PostgreSQL");
  add_comparison_filters(*check, check_flags.filters);

  // The verbs that write migration sources (generator/scaffold).
  scaffold::revision_request request;
  std::string head;
  std::string init_directory = ".";
  auto* revision = app.add_subcommand("revision", "write a new revision file");
  revision->add_option("-m,--message", request.message, "what the revision does")->required();
  revision->add_option("--head", head,
                       "its parent: head (default), base (a new root), a revision, label@head");
  revision->add_flag("--splice", request.splice, "allow a parent that is not a head");
  revision->add_option("--branch-label", request.branch_labels, "a branch label (repeatable)")
      ->allow_extra_args(false);
  revision->add_option("--depends-on", request.depends_on, "a dependency (repeatable)")
      ->allow_extra_args(false);
  revision->add_option("--rev-id", request.rev_id, "the id, instead of a fresh random one");
  revision->add_option("--version-path", request.version_path,
                       "the directory to write into, inside a version location");
  bool autogenerate = false;
  cli::autogenerate_flags autogen_flags;
  revision->add_flag("--autogenerate", autogenerate,
                     "fill upgrade() and downgrade() from the model compared with the database");
  revision->add_option("--model", given.model, "the model plugin (built by retort_add_model)");
  revision->add_option("--from-database", autogen_flags.from_database,
                       "the desired schema is this database's (a baseline without --url)");
  revision
      ->add_option("--rename", autogen_flags.renames,
                   "old:new (a table) or table.old:table.new (a column); repeatable")
      ->allow_extra_args(false);
  add_comparison_filters(*revision, autogen_flags.filters);
  std::vector<std::string> data_tables;
  revision->add_option("--data", data_tables,
                       "write a data step with a typed-row struct of this table as the compiled "
                       "migrations leave it (table or schema.table; repeatable)");
  auto* merge = app.add_subcommand("merge", "write a revision that merges heads");
  merge->add_option("-m,--message", request.message, "what the merge does")->required();
  merge->add_option("revisions", request.heads, "heads, or two or more revisions")->required();
  merge->add_option("--branch-label", request.branch_labels, "a branch label (repeatable)")
      ->allow_extra_args(false);
  merge->add_option("--rev-id", request.rev_id, "the id, instead of a fresh random one");
  scaffold::squash_request squash_request;
  std::string squash_from;
  std::string squash_to;
  auto* squash = app.add_subcommand(
      "squash", "replace a line of revisions with one that records the ids it replaces");
  squash->add_option("from", squash_from, "the oldest revision to replace")->required();
  squash->add_option("to", squash_to, "the newest revision to replace")->required();
  squash->add_option("-m,--message", squash_request.message, "what the revisions do together")
      ->required();
  squash->add_option("--rev-id", squash_request.rev_id, "the id, instead of a fresh random one");
  auto* edit = app.add_subcommand("edit", "open a revision's file in $EDITOR (or $VISUAL)");
  edit->add_option("revision", target, "a revision, a label, head or heads")->required();
  std::vector<std::string> source_files;
  bool single_head = false;
  auto* check_sources = app.add_subcommand(
      "check-sources", "check migration sources as the build does (graph, parse, heads)");
  check_sources->add_option("files", source_files, "migration source files")->required();
  check_sources->add_flag("--single-head", single_head, "refuse more than one head");
  std::string checksum_cpp;
  auto* source_checksums = app.add_subcommand(
      "source-checksums", "print the checksum of each migration source, as the build records it");
  source_checksums->add_option("files", source_files, "migration source files")->required();
  source_checksums->add_option("--cpp", checksum_cpp,
                               "write the checksum records for the plugin into this C++ file");
  std::vector<std::string> verify_files;
  bool strict = false;
  auto* verify_command = app.add_subcommand(
      "verify", "replay every migration on the schema model, without a database");
  verify_command->add_option("plugins", verify_files,
                             "plugin files to verify (default: --plugins, --bundle)");
  verify_command->add_flag("--strict", strict, "warnings fail too");
  auto* lint_command = app.add_subcommand(
      "lint", "find what would lock or lose data in production (--url: weigh table sizes)");
  lint_command->add_option("range", target,
                           "a revision, or START:END as history takes it (default: all)");
  lint_command->add_flag("--strict", strict, "warnings fail too");
  std::vector<std::string> lint_files;
  lint_command->add_option("--plugin-file", lint_files,
                           "lint the migrations of this plugin file (repeatable; default: "
                           "--plugins, --bundle)");
  cli::model_flags model_flags;
  auto* model = app.add_subcommand("model", "write the C++ model of a live database's schema");
  model->add_option("--from-database", model_flags.from_database, "the database to read")
      ->required();
  model->add_option("-o,--output", model_flags.output, "the C++ file to write")->required();
  model->add_option("--function", model_flags.function,
                    "the model function's name (default database_model)");
  model
      ->add_option("--include-schema", model_flags.filters.include_schemas,
                   "read only these schemas (repeatable)")
      ->allow_extra_args(false);
  model
      ->add_option("--exclude-schema", model_flags.filters.exclude_schemas,
                   "leave these schemas out (repeatable)")
      ->allow_extra_args(false);
  model
      ->add_option("--exclude-table", model_flags.filters.exclude_tables,
                   "leave out tables (and views, functions, ...) matching this glob (repeatable)")
      ->allow_extra_args(false);
  auto* init = app.add_subcommand("init", "create retort.toml and a migrations/ folder");
  init->add_option("directory", init_directory, "where (default: the current directory)");

  // Release verbs (bundles and plans).
  std::string output;
  std::string sign_key;
  std::string secret_key_file;
  std::string public_key_file;
  std::string bundle_path;
  std::string plan_file;
  auto* bundle = app.add_subcommand("bundle", "pack, sign, verify and inspect release bundles");
  bundle->require_subcommand(1);
  auto* pack = bundle->add_subcommand("pack", "pack --plugins DIR into OUT/ and OUT.tar.gz");
  pack->add_option("-o,--output", output, "OUT: writes the directory OUT and OUT.tar.gz")
      ->required();
  pack->add_option("--sign-key", sign_key, "sign the manifest with this secret key file");
  auto* keygen = bundle->add_subcommand("keygen", "write a new Ed25519 key pair");
  keygen->add_option("--secret-key", secret_key_file, "secret key file to create (0600)")
      ->required();
  keygen->add_option("--public-key", public_key_file, "public key file to create")->required();
  auto* verify = bundle->add_subcommand("verify", "check a bundle's signature and every file");
  verify->add_option("bundle", bundle_path, "the bundle (default: --bundle)");
  auto* inspect = bundle->add_subcommand(
      "inspect", "graph, heads and, with --url, what would run (no plugin code runs)");
  inspect->add_option("bundle", bundle_path, "the bundle (default: --bundle)");
  auto* plan = app.add_subcommand("plan", "write the exact steps of an upgrade for review");
  plan->add_option("revision", target, "the target, as for upgrade");
  plan->add_option("-o,--output", output, "the plan file to write (plan.json)");
  plan->add_option("--sign-key", sign_key, "sign the plan with this secret key file");
  auto* plan_show = plan->add_subcommand("show", "a plan as a report and a diff of operations");
  plan_show->add_option("plan", plan_file, "plan.json")->required();
  auto* apply = app.add_subcommand("apply", "run a plan, if the database is still where it was");
  apply->add_option("plan", plan_file, "plan.json")->required();

  try {
    auto arguments = arguments_with_relative_targets(argc, argv);
    app.parse(arguments);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : cli::exit_code::usage;
  }

  // An offline script goes out byte for byte, as the SQL was written; everything else is for
  // people to read.
  std::optional<cli::escaped_output> escaped_text;
  if (!(sql && (upgrade->parsed() || downgrade->parsed() || stamp->parsed()))) {
    escaped_text.emplace(std::cout);
  }

  try {
    // Run by the build, from the build directory: it needs no configuration.
    if (check_sources->parsed()) {
      cli::check_sources(source_files, single_head, std::cout);
      return cli::exit_code::ok;
    }
    if (source_checksums->parsed()) {
      cli::source_checksums(source_files, checksum_cpp, std::cout);
      return cli::exit_code::ok;
    }
    if (keygen->parsed()) {
      cli::bundle_keygen(secret_key_file, public_key_file, std::cout);
      return cli::exit_code::ok;
    }
    if (plan_show->parsed()) {
      cli::plan_show(plan_file, std::cout);
      return cli::exit_code::ok;
    }
    if (!bundle_path.empty()) {
      if (!given.plugins.empty()) {
        throw config_error("give a bundle or --plugins, not both");
      }
      given.bundle = bundle_path;
    }
    auto settings = cli::resolve_settings(given);
    if (pack->parsed()) {
      cli::bundle_pack(settings, output, sign_key, std::cout);
      return cli::exit_code::ok;
    }
    if (verify->parsed()) {
      cli::bundle_verify(settings, std::cout);
      return cli::exit_code::ok;
    }
    if (inspect->parsed()) {
      cli::bundle_inspect(settings, std::cout);
      return cli::exit_code::ok;
    }
    if (plan->parsed()) {
      if (target.empty() || output.empty()) {
        throw config_error("plan needs a target and an output: retort plan head -o plan.json");
      }
      cli::plan_make(settings, target, output, sign_key, std::cout);
      return cli::exit_code::ok;
    }
    if (apply->parsed()) {
      cli::apply(settings, plan_file, std::cout);
      return cli::exit_code::ok;
    }
    if (upgrade->parsed() && !database_list.empty()) {
      return cli::upgrade_fleet(settings, target, database_list, jobs, std::cout)
                 ? cli::exit_code::ok
                 : cli::exit_code::failure;
    }
    if (upgrade->parsed() && sql) {
      cli::upgrade_sql(settings, target, std::cout);
    } else if (downgrade->parsed() && sql) {
      cli::downgrade_sql(settings, target, std::cout);
    } else if (stamp->parsed() && sql) {
      cli::stamp_sql(settings, targets, purge, std::cout);
    } else if (upgrade->parsed()) {
      cli::upgrade(settings, target, std::cout);
    } else if (downgrade->parsed()) {
      cli::downgrade(settings, target, std::cout);
    } else if (stamp->parsed()) {
      cli::stamp(settings, targets, purge, std::cout);
    } else if (check->parsed()) {
      if (!cli::check(settings, check_flags, std::cout)) {
        return cli::exit_code::model_differs;
      }
    } else if (create_all->parsed()) {
      cli::create_all(settings, std::cout);
    } else if (repair->parsed()) {
      cli::repair(settings, std::cout);
    } else if (resolve->parsed()) {
      if (resolved_applied == resolved_reverted) {
        throw config_error(fmt::format(
            "resolve {0}: say what the database holds: --applied (the revision's changes are "
            "in place) or --reverted (they are not)",
            target));
      }
      cli::resolve(settings, target, resolved_applied, std::cout);
    } else if (log->parsed()) {
      cli::log(settings, log_limit, target, verbose, std::cout);
    } else if (current->parsed()) {
      if (!cli::current(settings, verbose, check_heads, std::cout)) {
        return cli::exit_code::not_at_head;
      }
    } else if (lint_command->parsed()) {
      if (!cli::lint(settings, lint_files, target, strict, given.url, std::cout)) {
        return cli::exit_code::lint_failed;
      }
    } else if (verify_command->parsed()) {
      if (!cli::verify(settings, verify_files, strict, std::cout)) {
        return cli::exit_code::verify_failed;
      }
    } else if (heads->parsed()) {
      cli::heads(settings, verbose, resolve_dependencies, std::cout);
    } else if (branches->parsed()) {
      cli::branches(settings, verbose, std::cout);
    } else if (show->parsed()) {
      cli::show(settings, target, std::cout);
    } else if (history->parsed()) {
      cli::history(settings, range, verbose, indicate_current, std::cout);
    } else if (revision->parsed()) {
      if (!head.empty()) {
        request.heads = {head};
      }
      if (!autogenerate && !autogen_flags.from_database.empty()) {
        throw config_error("--from-database needs --autogenerate");
      }
      if (autogenerate && !data_tables.empty()) {
        throw config_error("--data and --autogenerate write different revisions: give one");
      }
      if (autogenerate) {
        autogen_flags.url_given = !given.url.empty();
        cli::autogenerate_revision(settings, request, autogen_flags, std::cout);
      } else if (!data_tables.empty()) {
        cli::data_revision(settings, request, data_tables, std::cout);
      } else {
        cli::revision(settings, request, std::cout);
      }
    } else if (merge->parsed()) {
      cli::merge(settings, request, std::cout);
    } else if (squash->parsed()) {
      cli::squash(settings, squash_from, squash_to, squash_request, std::cout);
    } else if (edit->parsed()) {
      cli::edit(settings, target, std::cout);
    } else if (model->parsed()) {
      cli::model_from_database(settings, model_flags, std::cout);
    } else if (init->parsed()) {
      cli::init(init_directory, std::cout);
    }
    return cli::exit_code::ok;
  } catch (const config_error& e) {
    return report(e.what(), given, cli::exit_code::usage);
  } catch (const bundle_error& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const plugin_error& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const graph_error& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const target_error& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const scaffold::refusal& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const database_not_empty& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const policy_error& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const integrity_error& e) {
    return report(e.what(), given, cli::exit_code::integrity);
  } catch (const lock_timeout& e) {
    return report(e.what(), given, cli::exit_code::lock_timeout);
  } catch (const offline::unsupported& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const migration_failed& e) {
    std::string detail = e.what();
    if (!e.statement().empty()) {
      detail += fmt::format("\n  statement: {}", printable(e.statement()));
    }
    if (!e.sqlstate().empty()) {
      detail += fmt::format("\n  SQLSTATE: {}", e.sqlstate());
    }
    return report(detail, given, cli::exit_code::failure);
  } catch (const std::exception& e) {
    return report(e.what(), given, cli::exit_code::failure);
  }
}
