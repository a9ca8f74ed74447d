#include "cli/bundle_commands.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "bundle/build_manifest.hpp"
#include "bundle/bundle_error.hpp"
#include "bundle/digest.hpp"
#include "bundle/plan_document.hpp"
#include "bundle/signing.hpp"
#include "bundle/verified_bundle.hpp"
#include "cli/commands.hpp"
#include "cli/lint_command.hpp"
#include "cli/revision_format.hpp"
#include "migrator/migrator.hpp"
#include "plan/migration_plan.hpp"
#include "printable.hpp"
#include "render/describe.hpp"
#include "render/sql_literal.hpp"
#include "url.hpp"

namespace retort::cli {

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file, std::string_view what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw config_error(fmt::format("{}: cannot read the {}", file.string(), what));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream outfile(file, std::ios::binary | std::ios::trunc);
  outfile << text;
  outfile.close();
  if (!outfile) {
    throw config_error(fmt::format("{}: cannot be written", file.string()));
  }
}

std::string heads_text(const std::vector<std::string>& heads) {
  return heads.empty() ? std::string("base") : fmt::format("{}", fmt::join(heads, ", "));
}

std::string version_table_name(const settings& s) {
  return s.version_table_schema.empty() ? s.version_table
                                        : s.version_table_schema + "." + s.version_table;
}

void print_lint(std::ostream& out, const std::vector<bundle::lint_note>& notes,
                std::string_view indent) {
  for (const auto& n : notes) {
    fmt::print(out, "{}lint: {} [{}]: operation {} ({}): {}\n", indent, printable(n.level),
               printable(n.rule), n.op_number, printable(n.operation), printable(n.detail));
  }
}

// How many lint findings the directions `direction_of(item)` gives carry, by level.
struct lint_counts {
  std::size_t errors = 0;
  std::size_t warnings = 0;

  template <class Items, class DirectionOf>
  static lint_counts of(const Items& items, DirectionOf direction_of) {
    lint_counts out;
    for (const auto& item : items) {
      for (const auto& n : direction_of(item).lint) {
        (n.level == "error" ? out.errors : out.warnings) += 1;
      }
    }
    return out;
  }
  [[nodiscard]] bool any() const { return errors + warnings > 0; }
  // `2 lint errors, 1 lint warning`
  [[nodiscard]] std::string text() const {
    return fmt::format("{}, {}", counted(errors, "lint error"), counted(warnings, "lint warning"));
  }
};

void print_sql(std::ostream& out, const bundle::rendered_direction& r, std::string_view indent) {
  if (!r.renderable) {
    fmt::print(out, "{}(no offline SQL: {})\n", indent, r.reason);
    return;
  }
  for (const auto& statement : r.sql) {
    // Multi-line statements keep their indentation under the step.
    std::string indented(indent);
    for (char c : statement) {
      indented += c;
      if (c == '\n') {
        indented += indent;
      }
    }
    fmt::print(out, "{}\n", indented);
  }
}

std::string arrow(const plan::migration_step& step, const revision_graph& graph) {
  auto parents = heads_text(graph.at(step.revision).down_revisions);
  return step.dir == plan::direction::upgrade
             ? fmt::format("upgrade {} -> {}", parents, step.revision)
             : fmt::format("downgrade {} -> {}", step.revision, parents);
}

migrator bundle_migrator(const settings& s, std::shared_ptr<const bundle::verified_bundle> b,
                         std::ostream& out) {
  return migrator(migrator_options_for(
      s,
      [&out](std::string_view line) {
        fmt::print(out, "{}\n", line);
        out.flush();
      },
      std::move(b)));
}

std::shared_ptr<const bundle::verified_bundle> required_bundle(const settings& s) {
  if (s.bundle.empty()) {
    throw config_error(
        "no bundle: pass --bundle DIR|ARCHIVE (or set RETORT_BUNDLE, or bundle "
        "in retort.toml)");
  }
  return open_configured_bundle(s);
}

void check_plan_signature(const settings& s, const fs::path& plan_file, const std::string& text) {
  auto key = public_key_of(s);
  if (!key) {
    return;
  }
  auto signature_path = fs::path(plan_file.string() + ".sig");
  if (!fs::exists(signature_path)) {
    throw bundle_error(
        fmt::format("{}: missing: a public key was given, so the plan must be signed; make it with "
                    "`retort plan ... --sign-key`",
                    signature_path.string()));
  }
  bundle::verify_detached(text, read_text(signature_path, "plan signature"), *key,
                          signature_path.string());
}

}  // namespace

void bundle_pack(const settings& s, const fs::path& output, const fs::path& sign_key,
                 std::ostream& out) {
  if (s.plugins.empty()) {
    throw config_error("bundle pack needs the plugins: pass --plugins DIR");
  }
  if (output.empty()) {
    throw config_error("bundle pack needs an output: pass -o OUT (writes OUT/ and OUT.tar.gz)");
  }
  auto archive = fs::path(output.string() + ".tar.gz");
  for (const auto& path : {output, archive}) {
    if (fs::exists(fs::symlink_status(path))) {
      throw config_error(
          fmt::format("{} exists already; choose another output or remove it", path.string()));
    }
  }
  auto packed = bundle::build_manifest(s.plugins, lint_settings(s));
  auto files = packed.plugins;
  auto manifest_text = bundle::to_json(packed.manifest);
  files.emplace(std::string(bundle::manifest_file), manifest_text);
  if (!sign_key.empty()) {
    files.emplace(std::string(bundle::signature_file),
                  bundle::sign_detached(manifest_text, sign_key));
  }
  bundle::write_bundle_directory(output, files);
  bundle::write_bundle_archive(archive, files);
  std::size_t renderable = 0;
  for (const auto& r : packed.manifest.revisions) {
    renderable += r.upgrade.renderable ? 1 : 0;
  }
  fmt::print(out, "Packed {} revisions from {} plugins into {}/ and {}\n",
             packed.manifest.revisions.size(), packed.manifest.files.size(), output.string(),
             archive.string());
  fmt::print(out, "  manifest SHA-256 {}\n", bundle::sha256_hex(manifest_text));
  fmt::print(out, "  offline SQL for {} of {} upgrades\n", renderable,
             packed.manifest.revisions.size());
  const auto counts = lint_counts::of(
      packed.manifest.revisions, [](const auto& r) -> const auto& { return r.upgrade; });
  fmt::print(out, "  {} (plan show and apply list them)\n", counts.text());
  if (!sign_key.empty()) {
    fmt::print(out, "  signed ({})\n", bundle::signature_file);
  }
}

void bundle_keygen(const fs::path& secret_key, const fs::path& public_key, std::ostream& out) {
  bundle::generate_key_pair(secret_key, public_key);
  fmt::print(out, "Wrote {} (secret, mode 0600) and {} (public, key id {})\n", secret_key.string(),
             public_key.string(), bundle::key_id_of(public_key));
}

void bundle_verify(const settings& s, std::ostream& out) {
  auto b = required_bundle(s);
  const auto& m = b->manifest();
  fmt::print(out, "{}: OK: {} plugin files and {} revisions match the manifest\n", b->origin(),
             m.files.size(), m.revisions.size());
  fmt::print(out, "  manifest SHA-256 {}\n", b->identity());
  fmt::print(out, "  packed by retort {} for plugin ABI {} ({})\n", m.retort_version,
             m.abi.abi_version, m.abi.compiler);
  if (b->signer()) {
    fmt::print(out, "  signature verified: key id {}\n", *b->signer());
  } else if (b->has_signature()) {
    fmt::print(out, "  signed, but the signature was not checked: pass --public-key\n");
  } else {
    fmt::print(out, "  not signed\n");
  }
}

void bundle_inspect(const settings& s, std::ostream& out) {
  auto b = required_bundle(s);
  auto m = bundle_migrator(s, b, out);
  const auto& graph = m.graph();
  revision_formatter format(graph);
  fmt::print(out, "Bundle {} (manifest SHA-256 {})\n\n", b->origin(), b->identity());
  fmt::print(out, "Revisions, newest first:\n");
  for (const auto& revision : plan::history(graph, "", {})) {
    fmt::print(
        out, "  {}\n",
        format.line(revision,
                    {.include_branches = true, .include_doc = true, .include_parents = true}));
  }
  fmt::print(out, "\nHeads:\n");
  for (const auto& head : graph.heads()) {
    fmt::print(out, "  {}\n",
               format.line(head, {.include_branches = true, .tree_indicators = false}));
  }
  if (s.url.empty()) {
    return;
  }
  auto pending = m.pending(plan::direction::upgrade, "heads");
  fmt::print(out, "\nOn {}: at {}\n", redact_url(s.url), heads_text(pending.heads));
  if (pending.steps.empty()) {
    fmt::print(out, "Nothing would run: the database is at the bundle's heads\n");
    return;
  }
  fmt::print(out, "`upgrade heads` would run {} steps:\n", pending.steps.size());
  for (const auto& step : bundle::describe_steps(b->manifest(), pending.steps)) {
    fmt::print(out, "\n  {}, {}\n", arrow(step.step, graph), step.message);
    print_sql(out, step.rendered, "    ");
  }
}

void plan_make(const settings& s, const std::string& target, const fs::path& plan_file,
               const fs::path& sign_key, std::ostream& out) {
  std::shared_ptr<const bundle::verified_bundle> b;
  if (!s.bundle.empty()) {
    b = open_configured_bundle(s);
  } else if (!s.plugins.empty()) {
    // The manifest `bundle pack` would write for these plugins, so the plan names the identity
    // of the bundle packed from them.
    auto packed = bundle::build_manifest(s.plugins, lint_settings(s));
    b = bundle::bundle_in_memory(s.plugins.string(), packed.manifest, std::move(packed.plugins));
  } else {
    throw config_error("plan needs migrations: pass --bundle DIR|ARCHIVE or --plugins DIR");
  }
  auto m = bundle_migrator(s, b, out);
  auto pending = m.pending(plan::direction::upgrade, target);
  bundle::plan_document plan;
  plan.retort_version = b->manifest().retort_version;
  plan.bundle_identity = b->identity();
  plan.database = redact_url(s.url);
  plan.version_table = version_table_name(s);
  plan.target = target;
  plan.heads = pending.heads;
  std::sort(plan.heads.begin(), plan.heads.end());
  plan.steps = bundle::describe_steps(b->manifest(), pending.steps);
  auto text = bundle::to_json(plan);
  write_text(plan_file, text);
  auto signature_path = fs::path(plan_file.string() + ".sig");
  if (!sign_key.empty()) {
    write_text(signature_path, bundle::sign_detached(text, sign_key));
  } else {
    fs::remove(signature_path);  // a stale signature would belong to another plan
  }
  fmt::print(out, "Wrote {}: {} steps from {} to {}{}\n", plan_file.string(), plan.steps.size(),
             heads_text(plan.heads), target, sign_key.empty() ? "" : " (signed)");
  const auto counts = lint_counts::of(
      plan.steps, [](const auto& p) -> const auto& { return p.rendered; });
  fmt::print(out, "  {}{}\n", counts.text(), counts.any() ? " (plan show lists them)" : "");
}

void plan_show(const fs::path& plan_file, std::ostream& out) {
  auto plan = bundle::parse_plan(read_text(plan_file, "plan"), plan_file.string());
  std::vector<std::string> heads = plan.heads;
  fmt::print(out, "Plan {}\n", plan_file.string());
  fmt::print(out, "  database:      {} (version table {})\n", plan.database, plan.version_table);
  fmt::print(out, "  bundle:        manifest SHA-256 {}\n", plan.bundle_identity);
  fmt::print(out, "  starts at:     {}\n", heads_text(plan.heads));
  fmt::print(out, "  target:        {}\n", plan.target);
  std::set<std::string> end(heads.begin(), heads.end());
  for (const auto& p : plan.steps) {
    for (const auto& id : p.step.heads_removed) {
      end.erase(id);
    }
    end.insert(p.step.heads_added.begin(), p.step.heads_added.end());
  }
  fmt::print(out, "  ends at:       {}\n",
             heads_text(std::vector<std::string>(end.begin(), end.end())));
  fmt::print(out, "  steps:         {}\n", plan.steps.size());
  std::size_t n = 0;
  for (const auto& p : plan.steps) {
    fmt::print(out, "\n{}. {} {}: {}{}\n", ++n,
               p.step.dir == plan::direction::upgrade ? "upgrade" : "downgrade", p.step.revision,
               p.message, p.transactional ? "" : " (not transactional)");
    print_lint(out, p.rendered.lint, "   ");
    print_sql(out, p.rendered, "   ");
  }
  fmt::print(out, "\n--- {}\n+++ {}\n", heads_text(plan.heads),
             heads_text(std::vector<std::string>(end.begin(), end.end())));
  for (const auto& p : plan.steps) {
    fmt::print(out, "@@ {} {}: {} @@\n",
               p.step.dir == plan::direction::upgrade ? "upgrade" : "downgrade", p.step.revision,
               p.message);
    if (p.rendered.operations.empty()) {
      fmt::print(out, "  (operations unknown: {})\n",
                 p.rendered.reason.empty() ? "none" : p.rendered.reason);
    }
    for (const auto& op : p.rendered.operations) {
      fmt::print(out, "{} {}\n", render::change_sign(op), op);
    }
  }
}

void apply(const settings& s, const fs::path& plan_file, std::ostream& out) {
  auto text = read_text(plan_file, "plan");
  check_plan_signature(s, plan_file, text);
  auto plan = bundle::parse_plan(text, plan_file.string());
  auto b = required_bundle(s);
  // The bundle first, before connecting: another bundle needs no database to be refused.
  if (b->identity() != plan.bundle_identity) {
    throw bundle_error(fmt::format(
        "{}: refused: {} is not the bundle it was made from (its manifest SHA-256 is {}, the "
        "plan names {}); apply it with that bundle, or make a new plan",
        plan_file.string(), b->origin(), b->identity(), plan.bundle_identity));
  }
  auto m = bundle_migrator(s, b, out);
  run_checks checks;
  checks.planned = [&](const std::vector<std::string>& heads,
                       const std::vector<plan::migration_step>& steps) {
    auto drift = bundle::plan_drift(plan, b->identity(), version_table_name(s), heads, steps);
    if (!drift.empty()) {
      throw bundle_error(fmt::format("{}: refused, nothing was run: {}", plan_file.string(),
                                     fmt::join(drift, "; ")));
    }
  };
  checks.prepared = [&](const std::vector<executor::prepared_step>& prepared) {
    // The statements about to run must be the reviewed ones.
    for (std::size_t i = 0; i < prepared.size() && i < plan.steps.size(); ++i) {
      const auto& reviewed = plan.steps[i].rendered;
      if (!reviewed.renderable) {
        continue;
      }
      std::vector<std::string> now;
      for (const auto& statement : prepared[i].statements) {
        now.push_back(render::script_statement(statement));
      }
      if (now != reviewed.sql) {
        throw bundle_error(fmt::format(
            "{}: refused, nothing was run: revision {} would run other SQL than the plan shows; "
            "make a new plan",
            plan_file.string(), prepared[i].step.revision));
      }
    }
  };
  for (const auto& p : plan.steps) {
    if (!p.rendered.lint.empty()) {
      fmt::print(out, "{} {}: lint findings reviewed with the plan:\n",
                 p.step.dir == plan::direction::upgrade ? "upgrade" : "downgrade", p.step.revision);
      print_lint(out, p.rendered.lint, "  ");
    }
  }
  auto applied = m.migrate_checked(plan::direction::upgrade, plan.target, checks);
  fmt::print(out, "Applied {}: {} steps\n", plan_file.string(), applied.size());
}

}  // namespace retort::cli
