// The `retort` command: Alembic's verbs for C++ migration plugins.
#include <retort/errors.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bundle/bundle_error.hpp"
#include "cli/bundle_commands.hpp"
#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "cli/exit_codes.hpp"
#include "cli/scaffold_commands.hpp"
#include "offline/offline_script.hpp"
#include "url.hpp"

namespace {

using namespace retort;

int report(const std::string& message, const cli::flags& given, int code) {
  // Whatever the error carries, a password from the URL never reaches the terminal.
  std::string text = message;
  for (const char* var : {"RETORT_URL", "DATABASE_URL"}) {
    if (const char* value = std::getenv(var)) {
      text = redact_secrets(text, value);
    }
  }
  text = redact_secrets(text, given.url);
  std::cerr << "error: " << text << "\n";
  return code;
}

// Alembic users type `downgrade -1`; CLI11 would take `-1` for a flag. A bare negative step is
// always a positional target, so mark the end of options before it.
std::vector<std::string> arguments_with_relative_targets(int argc, char** argv) {
  std::vector<std::string> out;
  bool options_ended = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    options_ended = options_ended || arg == "--";
    bool negative_step = arg.size() > 1 && arg[0] == '-' &&
                         arg.find_first_not_of("0123456789", 1) == std::string::npos;
    if (negative_step && !options_ended) {
      out.emplace_back("--");
      options_ended = true;
    }
    out.push_back(std::move(arg));
  }
  std::reverse(out.begin(), out.end());  // CLI11 takes its vector in reverse order
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"retort: schema migrations for C++ teams, compiled like code"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "retort 0.1.0");
  cli::flags given;
  app.add_option("--url", given.url, "PostgreSQL URL (else RETORT_URL, DATABASE_URL, retort.toml)");
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
  downgrade->add_option("revision", target, "base, a revision, -N")->required();
  downgrade->add_flag("--sql", sql, "print the SQL script of START:END instead of running it");
  auto* stamp = app.add_subcommand("stamp", "set the version table without running migrations");
  stamp->add_option("revisions", targets, "one or more targets")->required();
  stamp->add_flag("--purge", purge, "empty the version table first, whatever it holds");
  stamp->add_flag("--sql", sql, "print the SQL instead of running it (no database)");
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
  auto* merge = app.add_subcommand("merge", "write a revision that merges heads");
  merge->add_option("-m,--message", request.message, "what the merge does")->required();
  merge->add_option("revisions", request.heads, "heads, or two or more revisions")->required();
  merge->add_option("--branch-label", request.branch_labels, "a branch label (repeatable)")
      ->allow_extra_args(false);
  merge->add_option("--rev-id", request.rev_id, "the id, instead of a fresh random one");
  auto* edit = app.add_subcommand("edit", "open a revision's file in $EDITOR (or $VISUAL)");
  edit->add_option("revision", target, "a revision, a label, head or heads")->required();
  std::vector<std::string> source_files;
  bool single_head = false;
  auto* check_sources = app.add_subcommand(
      "check-sources", "check migration sources as the build does (graph, parse, heads)");
  check_sources->add_option("files", source_files, "migration source files")->required();
  check_sources->add_flag("--single-head", single_head, "refuse more than one head");
  auto* init = app.add_subcommand("init", "create retort.toml and a migrations/ folder");
  init->add_option("directory", init_directory, "where (default: the current directory)");

  // Release verbs (bundles and plans). They take the global options after the verb too
  // (`retort bundle pack --plugins DIR -o OUT`), so each passes what it does not know upward.
  std::string output;
  std::string sign_key;
  std::string secret_key_file;
  std::string public_key_file;
  std::string bundle_path;
  std::string plan_file;
  auto* bundle = app.add_subcommand("bundle", "pack, sign, verify and inspect release bundles");
  bundle->require_subcommand(1);
  bundle->fallthrough();
  auto* pack = bundle->add_subcommand("pack", "pack --plugins DIR into OUT/ and OUT.tar.gz");
  pack->fallthrough();
  pack->add_option("-o,--output", output, "OUT: writes the directory OUT and OUT.tar.gz")
      ->required();
  pack->add_option("--sign-key", sign_key, "sign the manifest with this secret key file");
  auto* keygen = bundle->add_subcommand("keygen", "write a new Ed25519 key pair");
  keygen->add_option("--secret-key", secret_key_file, "secret key file to create (0600)")
      ->required();
  keygen->add_option("--public-key", public_key_file, "public key file to create")->required();
  auto* verify = bundle->add_subcommand("verify", "check a bundle's signature and every file");
  verify->fallthrough();
  verify->add_option("bundle", bundle_path, "the bundle (default: --bundle)");
  auto* inspect = bundle->add_subcommand(
      "inspect", "graph, heads and, with --url, what would run (no plugin code runs)");
  inspect->fallthrough();
  inspect->add_option("bundle", bundle_path, "the bundle (default: --bundle)");
  auto* plan = app.add_subcommand("plan", "write the exact steps of an upgrade for review");
  plan->fallthrough();
  plan->add_option("revision", target, "the target, as for upgrade");
  plan->add_option("-o,--output", output, "the plan file to write (plan.json)");
  plan->add_option("--sign-key", sign_key, "sign the plan with this secret key file");
  auto* plan_show = plan->add_subcommand("show", "a plan as a report and a diff of operations");
  plan_show->add_option("plan", plan_file, "plan.json")->required();
  auto* apply = app.add_subcommand("apply", "run a plan, if the database is still where it was");
  apply->fallthrough();
  apply->add_option("plan", plan_file, "plan.json")->required();

  try {
    auto arguments = arguments_with_relative_targets(argc, argv);
    app.parse(arguments);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : cli::exit_code::usage;
  }

  try {
    // Run by the build, from the build directory: it needs no configuration.
    if (check_sources->parsed()) {
      cli::check_sources(source_files, single_head, std::cout);
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
    } else if (current->parsed()) {
      if (!cli::current(settings, verbose, check_heads, std::cout)) {
        return cli::exit_code::not_at_head;
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
      cli::revision(settings, request, std::cout);
    } else if (merge->parsed()) {
      cli::merge(settings, request, std::cout);
    } else if (edit->parsed()) {
      cli::edit(settings, target, std::cout);
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
  } catch (const lock_timeout& e) {
    return report(e.what(), given, cli::exit_code::lock_timeout);
  } catch (const offline::unsupported& e) {
    return report(e.what(), given, cli::exit_code::refused);
  } catch (const migration_failed& e) {
    std::string detail = e.what();
    if (!e.statement().empty()) {
      detail += fmt::format("\n  statement: {}", e.statement());
    }
    if (!e.sqlstate().empty()) {
      detail += fmt::format("\n  SQLSTATE: {}", e.sqlstate());
    }
    return report(detail, given, cli::exit_code::failure);
  } catch (const std::exception& e) {
    return report(e.what(), given, cli::exit_code::failure);
  }
}
