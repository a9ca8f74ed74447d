#include "scaffold/revision.hpp"

#include <retort/graph.hpp>
#include <retort/migration_info.hpp>

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "plan/migration_plan.hpp"
#include "scaffold/files.hpp"
#include "scaffold/source_reader.hpp"

namespace retort::scaffold {

namespace {

// Names that are targets of their own; an id or label spelled so could never be named.
constexpr std::array<std::string_view, 4> reserved_names{"head", "heads", "base", "current"};

constexpr std::string_view multiple_heads_advice =
    "Multiple heads are present; please specify the head revision on which the new revision "
    "should be based, or perform a merge.";

struct history {
  std::vector<migration_source> sources;
  revision_graph graph;
};

history read_history(const project& p) {
  if (p.version_locations.empty()) {
    throw config_error("no versions directory is configured: set `versions` in retort.toml");
  }
  auto sources = read_version_locations(p.version_locations);
  auto graph = make_graph(sources);
  return {std::move(sources), std::move(graph)};
}

const migration_source& source_of(const history& h, std::string_view revision) {
  for (const auto& source : h.sources) {
    if (source.revision == revision) {
      return source;
    }
  }
  throw target_error(fmt::format("no such revision: {}", revision));
}

// The revision that uses `name` as its id or one of its labels, if any.
const migration_source* owner_of_name(const history& h, std::string_view name) {
  for (const auto& source : h.sources) {
    if (source.revision == name ||
        std::find(source.branch_labels.begin(), source.branch_labels.end(), name) !=
            source.branch_labels.end()) {
      return &source;
    }
  }
  return nullptr;
}

void check_new_name(const history& h, const std::string& name, std::string_view what) {
  if (!is_valid_revision_id(name)) {
    throw refusal(fmt::format("{} \"{}\" is not valid: use 1 to 64 letters, digits or underscores",
                              what, name));
  }
  if (std::find(reserved_names.begin(), reserved_names.end(), name) != reserved_names.end()) {
    throw refusal(fmt::format("{} \"{}\" is reserved: head, heads, base and current name targets",
                              what, name));
  }
  if (const auto* owner = owner_of_name(h, name)) {
    throw refusal(fmt::format("{} \"{}\" is already used by revision {} ({})", what, name,
                              owner->revision, owner->file.string()));
  }
}

std::vector<std::string> resolve_parents(const history& h, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& name : names.empty() ? std::vector<std::string>{"head"} : names) {
    if (name == "head") {
      auto heads = h.graph.heads();
      if (heads.size() > 1) {
        throw refusal(fmt::format("{} (heads: {})", multiple_heads_advice, fmt::join(heads, ", ")));
      }
      out.insert(out.end(), heads.begin(), heads.end());
      continue;
    }
    if (plan::depends_on_current_heads(name)) {
      throw refusal(
          fmt::format("{} is relative to the database's revision, which `revision` does "
                      "not read; name a revision, a label, or <revision>{}",
                      name, name));
    }
    auto resolved = plan::resolve_target(h.graph, name, {});
    out.insert(out.end(), resolved.begin(), resolved.end());
  }
  auto sorted = out;
  std::sort(sorted.begin(), sorted.end());
  if (auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end()) {
    throw refusal(fmt::format("Duplicate head revisions specified: {}", *dup));
  }
  return out;
}

std::filesystem::path normal(const std::filesystem::path& path) {
  auto out = std::filesystem::weakly_canonical(std::filesystem::absolute(path));
  return out.has_filename() ? out : out.parent_path();
}

bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

std::filesystem::path choose_directory(const project& p, const revision_request& request,
                                       const history& h, const std::vector<std::string>& parents) {
  if (!request.version_path.empty()) {
    const auto wanted = normal(request.version_path);
    for (const auto& location : p.version_locations) {
      if (is_within(wanted, normal(location))) {
        return wanted;
      }
    }
    std::vector<std::string> locations;
    for (const auto& location : p.version_locations) {
      locations.push_back(location.string());
    }
    throw refusal(fmt::format("Path {} is not represented in current version locations ({})",
                              request.version_path.string(), fmt::join(locations, ", ")));
  }
  if (p.version_locations.size() == 1) {
    return p.version_locations.front();
  }
  // Alembic: with several locations, the new file goes next to its parent.
  if (!parents.empty()) {
    return source_of(h, parents.front()).file.parent_path();
  }
  throw refusal("Multiple version locations present, please specify --version-path");
}

// A template that drops or garbles a field writes a file whose header says something else than
// what was asked; catch it before the file exists (Alembic checks branch_labels after writing).
void check_rendered(const std::string& text, const std::filesystem::path& path,
                    const std::string& template_name, const script_fields& fields) {
  migration_source parsed;
  try {
    parsed = parse_migration_source(text, path);
  } catch (const source_error& e) {
    throw config_error(
        fmt::format("the script template {} renders a file the source reader "
                    "rejects (line {} of the new file): {}",
                    template_name, e.line(), e.reason()));
  }
  auto differs = [&](std::string_view field, const auto& expected, const auto& rendered) {
    if (expected != rendered) {
      throw config_error(fmt::format(
          "the script template {} renders .{} as {} instead of {}: use the template variable "
          "that carries it (see docs/generator.md)",
          template_name, field, fmt::format("{}", rendered), fmt::format("{}", expected)));
    }
  };
  differs("revision", fields.revision, parsed.revision);
  differs("down_revision", fields.down_revision, parsed.down_revision);
  differs("message", fields.message, parsed.message);
  differs("branch_labels", fields.branch_labels, parsed.branch_labels);
  differs("depends_on", fields.depends_on, parsed.depends_on);
}

written_revision generate(const project& p, const revision_request& request, const environment& env,
                          bool merge) {
  if (request.message.empty()) {
    throw refusal("a revision needs a message: -m \"what it does\"");
  }
  const auto h = read_history(p);
  const auto parents = resolve_parents(h, request.heads);
  if (merge && parents.size() < 2) {
    throw refusal(
        fmt::format("nothing to merge: {} name{} {} revision{} ({}); merge needs two or "
                    "more heads",
                    fmt::join(request.heads, " "), request.heads.size() == 1 ? "s" : "",
                    parents.size(), parents.size() == 1 ? "" : "s", fmt::join(parents, ", ")));
  }
  if (!request.splice) {
    const auto heads = h.graph.heads();
    for (const auto& parent : parents) {
      if (std::find(heads.begin(), heads.end(), parent) == heads.end()) {
        throw refusal(
            fmt::format("Revision {} is not a head revision; please specify --splice to "
                        "create a new branch from this revision",
                        parent));
      }
    }
  }

  std::set<std::string> labels;
  for (const auto& label : request.branch_labels) {
    check_new_name(h, label, "branch label");
    if (!labels.insert(label).second) {
      throw refusal(fmt::format("branch label \"{}\" is given twice", label));
    }
  }

  // Alembic keeps a label as written and resolves a prefix to the full id.
  std::vector<std::string> depends_on;
  for (const auto& dependency : request.depends_on) {
    const auto id = h.graph.resolve_revision(dependency);
    const auto& its_labels = h.graph.at(id).branch_labels;
    const bool is_label =
        std::find(its_labels.begin(), its_labels.end(), dependency) != its_labels.end();
    depends_on.push_back(is_label ? dependency : id);
  }

  std::string id = request.rev_id;
  if (!id.empty()) {
    check_new_name(h, id, "--rev-id");
  } else {
    id = env.new_revision_id();
    try {
      check_new_name(h, id, "the new revision id");
    } catch (const refusal& e) {
      throw refusal(fmt::format("{}; run the command again for another id", e.what()));
    }
  }

  script_fields fields{.revision = id,
                       .down_revision = parents,
                       .message = request.message,
                       .branch_labels = request.branch_labels,
                       .depends_on = depends_on,
                       .create_date = env.now(),
                       .upgrades = request.upgrades,
                       .downgrades = request.downgrades};
  if (request.body_for) {
    auto body = request.body_for(parents);
    fields.preamble = std::move(body.preamble);
    fields.upgrades = std::move(body.upgrades);
    fields.downgrades = std::move(body.downgrades);
  }
  const auto directory = choose_directory(p, request, h, parents);
  const auto path =
      directory /
      render_file_name(p.file_template, {.rev = id,
                                         .slug = make_slug(request.message, p.truncate_slug_length),
                                         .create_date = fields.create_date});
  if (std::filesystem::exists(path)) {
    throw refusal(fmt::format("{} already exists; it was not overwritten", path.string()));
  }

  const std::string template_name =
      p.script_template ? p.script_template->string() : std::string("<built-in template>");
  std::string template_text(default_script_template());
  if (p.script_template) {
    auto text = read_text(*p.script_template);
    if (!text) {
      throw config_error(
          fmt::format("cannot read the script template {}", p.script_template->string()));
    }
    template_text = std::move(*text);
  }
  if (!fields.preamble.empty() && template_text.find("${preamble}") == std::string::npos) {
    // A template from before `${preamble}`: the preamble follows its include of the DSL.
    const std::string include = "#include <retort/migration.hpp>\n";
    const auto at = template_text.find(include);
    if (at == std::string::npos) {
      throw config_error(
          fmt::format("the script template {} has neither ${{preamble}} nor a line `#include "
                      "<retort/migration.hpp>`, so the typed rows of --data have nowhere to go",
                      template_name));
    }
    template_text.insert(at + include.size(), "${preamble}");
  }
  if (!fields.upgrades.empty() && (template_text.find("${upgrades}") == std::string::npos ||
                                   template_text.find("${downgrades}") == std::string::npos)) {
    throw config_error(fmt::format(
        "the script template {} has no ${{upgrades}} or no ${{downgrades}}, so autogenerated "
        "operations have nowhere to go: put them in the bodies of upgrade() and downgrade()",
        template_name));
  }
  const auto text = render_script(template_text, template_name, fields);
  check_rendered(text, path, template_name, fields);

  // The history with the new revision must still be valid (labels, dependencies, ...).
  auto sources = h.sources;
  sources.push_back(parse_migration_source(text, path));
  (void)make_graph(sources);

  write_new_file(path, text);
  return {fields, path};
}

}  // namespace

written_revision write_revision(const project& p, const revision_request& request,
                                const environment& env) {
  return generate(p, request, env, false);
}

written_revision write_merge(const project& p, revision_request request, const environment& env) {
  if (request.heads.empty()) {
    throw refusal("merge needs the revisions to merge: `heads`, or two or more revision ids");
  }
  request.splice = false;
  return generate(p, request, env, true);
}

std::vector<std::filesystem::path> revision_files(const project& p, std::string_view symbol) {
  if (symbol == "current" || plan::depends_on_current_heads(symbol)) {
    throw refusal(
        fmt::format("`edit {}` needs the database's revision, which `edit` does not "
                    "read; name a revision, a label, head or heads",
                    symbol));
  }
  const auto h = read_history(p);
  const auto ids = plan::resolve_target(h.graph, symbol, {});
  if (ids.empty()) {
    throw target_error(fmt::format("No revision files indicated by symbol '{}'", symbol));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& id : ids) {
    files.push_back(source_of(h, id).file);
  }
  return files;
}

}  // namespace retort::scaffold
