#include "cli/config.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

namespace retort::cli {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::optional<std::filesystem::path> find_config_file(const flags& given) {
  if (!given.config_file.empty()) {
    return std::filesystem::path(given.config_file);
  }
  if (auto from_env = environment("RETORT_CONFIG"); !from_env.empty()) {
    return std::filesystem::path(from_env);
  }
  if (std::filesystem::exists("retort.toml")) {
    return std::filesystem::path("retort.toml");
  }
  return std::nullopt;
}

std::string string_key(const toml::table& table, std::string_view key,
                       const std::filesystem::path& file) {
  const auto* node = table.get(key);
  if (node == nullptr) {
    return {};
  }
  if (const auto* value = node->as_string()) {
    return value->get();
  }
  throw config_error(
      fmt::format("{}:{}: `{}` must be a string", file.string(), node->source().begin.line, key));
}

[[noreturn]] void wrong_type(const toml::node& node, std::string_view key,
                             const std::filesystem::path& file, std::string_view expected) {
  throw config_error(fmt::format("{}:{}: `{}` must be {}", file.string(), node.source().begin.line,
                                 key, expected));
}

// `versions = "dir"` or `version_locations = "dir"` / `["dir", ...]`, relative to `root`.
std::vector<std::filesystem::path> version_locations(const toml::table& table,
                                                     const std::filesystem::path& root,
                                                     const std::filesystem::path& file) {
  const auto* versions = table.get("versions");
  const auto* locations = table.get("version_locations");
  if (versions != nullptr && locations != nullptr) {
    throw config_error(fmt::format("{}:{}: set `versions` or `version_locations`, not both",
                                   file.string(), locations->source().begin.line));
  }
  std::vector<std::filesystem::path> out;
  if (versions != nullptr) {
    out.push_back(root / string_key(table, "versions", file));
  } else if (locations != nullptr) {
    if (locations->is_string()) {
      out.push_back(root / locations->as_string()->get());
    } else if (const auto* list = locations->as_array()) {
      for (const auto& item : *list) {
        if (!item.is_string()) {
          wrong_type(item, "version_locations", file, "a string or an array of strings");
        }
        out.push_back(root / item.as_string()->get());
      }
    } else {
      wrong_type(*locations, "version_locations", file, "a string or an array of strings");
    }
    if (out.empty()) {
      throw config_error(fmt::format("{}:{}: `version_locations` is empty", file.string(),
                                     locations->source().begin.line));
    }
  } else {
    out.push_back(root / "migrations" / "versions");
  }
  return out;
}

std::vector<scaffold::post_write_hook> post_write_hooks(const toml::table& table,
                                                        const std::filesystem::path& file) {
  const auto* node = table.get("post_write_hooks");
  if (node == nullptr) {
    return {};
  }
  const auto* list = node->as_array();
  if (list == nullptr) {
    wrong_type(*node, "post_write_hooks", file,
               "an array of tables: [[post_write_hooks]] with name and command");
  }
  std::vector<scaffold::post_write_hook> out;
  for (const auto& item : *list) {
    const auto* hook = item.as_table();
    if (hook == nullptr) {
      wrong_type(item, "post_write_hooks", file,
                 "an array of tables: [[post_write_hooks]] with name and command");
    }
    for (const auto& [key, value] : *hook) {
      if (key != "name" && key != "command") {
        throw config_error(
            fmt::format("{}:{}: unknown key `{}` in [[post_write_hooks]]: a hook "
                        "has name and command",
                        file.string(), value.source().begin.line, key.str()));
      }
    }
    scaffold::post_write_hook parsed{string_key(*hook, "name", file),
                                     string_key(*hook, "command", file)};
    if (parsed.name.empty() || parsed.command.empty()) {
      throw config_error(
          fmt::format("{}:{}: a [[post_write_hooks]] entry needs a name and a "
                      "command",
                      file.string(), item.source().begin.line));
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

scaffold::project scaffold_settings(const toml::table& table,
                                    const std::optional<std::filesystem::path>& config_file,
                                    const std::filesystem::path& file) {
  scaffold::project out;
  out.root = config_file ? std::filesystem::absolute(*config_file).parent_path()
                         : std::filesystem::current_path();
  out.version_locations = version_locations(table, out.root, file);
  if (auto text = string_key(table, "file_template", file); !text.empty()) {
    out.file_template = text;
  }
  if (const auto* node = table.get("truncate_slug_length")) {
    const auto* length = node->as_integer();
    if (length == nullptr || length->get() < 1) {
      wrong_type(*node, "truncate_slug_length", file, "a positive integer");
    }
    out.truncate_slug_length = static_cast<std::size_t>(length->get());
  }
  if (auto text = string_key(table, "script_template", file); !text.empty()) {
    out.script_template = out.root / text;
  }
  out.post_write_hooks = post_write_hooks(table, file);
  return out;
}

// A duration in seconds (integer or decimal, not negative) from the flag, else from the file.
std::optional<std::chrono::milliseconds> seconds_setting(double flag, const toml::table& table,
                                                         std::string_view key,
                                                         const std::filesystem::path& file) {
  double value = flag;
  if (value < 0) {
    const auto* node = table.get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    auto number = node->value<double>();
    if (!number || *number < 0) {
      wrong_type(*node, key, file, "a number of seconds, 0 or more");
    }
    value = *number;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(value * 1000.0 + 0.5));
}

void concurrency_settings(const flags& given, const toml::table& table,
                          const std::filesystem::path& file, settings& out) {
  if (auto v = seconds_setting(given.lock_timeout, table, "lock_timeout", file)) {
    out.lock_timeout = *v;
  }
  if (auto v = seconds_setting(given.pg_lock_timeout, table, "pg_lock_timeout", file)) {
    out.pg_lock_timeout = *v;
  }
  if (auto v = seconds_setting(given.statement_timeout, table, "statement_timeout", file)) {
    out.statement_timeout = *v;
  }
  if (given.retries >= 0) {
    out.retries = given.retries;
  } else if (const auto* node = table.get("retries")) {
    const auto* count = node->as_integer();
    if (count == nullptr || count->get() < 0 || count->get() > 1000) {
      wrong_type(*node, "retries", file, "an integer from 0 to 1000");
    }
    out.retries = static_cast<int>(count->get());
  }
  out.single_transaction = given.single_transaction;
  out.allow_missing = given.allow_missing;
  if (const auto* node = table.get("single_transaction");
      node != nullptr && !given.single_transaction) {
    const auto* flag = node->as_boolean();
    if (flag == nullptr) {
      wrong_type(*node, "single_transaction", file, "true or false");
    }
    out.single_transaction = flag->get();
  }
}

// The keys an `[environments.NAME]` table may set; anything else is a typo that could, for
// `forward_only`, silently drop a policy.
constexpr std::array<std::string_view, 10> environment_keys{"url",
                                                            "plugins",
                                                            "version_table",
                                                            "version_table_schema",
                                                            "lock_timeout",
                                                            "pg_lock_timeout",
                                                            "statement_timeout",
                                                            "retries",
                                                            "single_transaction",
                                                            "forward_only"};

// Lays the chosen environment's keys over the file's (in place: a copied table would lose the
// line numbers that messages name); sets `out.policy`.
void apply_environment(toml::table& file_table, const std::string& name,
                       const std::filesystem::path& file, settings& out) {
  if (name.empty()) {
    return;
  }
  const auto* environments = file_table.get("environments");
  const toml::table* all = environments == nullptr ? nullptr : environments->as_table();
  if (environments != nullptr && all == nullptr) {
    wrong_type(*environments, "environments", file, "a table: [environments.NAME]");
  }
  const toml::node* chosen = all == nullptr ? nullptr : all->get(name);
  if (chosen == nullptr) {
    std::vector<std::string> known;
    if (all != nullptr) {
      for (const auto& [key, value] : *all) {
        known.emplace_back(key.str());
      }
    }
    throw config_error(fmt::format("{}: no [environments.{}]{}", file.string(), name,
                                   known.empty()
                                       ? std::string(" (the file defines no environments)")
                                       : fmt::format("; defined: {}", fmt::join(known, ", "))));
  }
  const auto* overrides = chosen->as_table();
  if (overrides == nullptr) {
    wrong_type(*chosen, fmt::format("environments.{}", name), file, "a table");
  }
  out.policy = {.environment = name, .forward_only = name == "production"};
  for (const auto& [key, value] : *overrides) {
    if (std::find(environment_keys.begin(), environment_keys.end(), key.str()) ==
        environment_keys.end()) {
      throw config_error(fmt::format("{}:{}: unknown key `{}` in [environments.{}]; known: {}",
                                     file.string(), value.source().begin.line, key.str(), name,
                                     fmt::join(environment_keys, ", ")));
    }
    if (key.str() == "forward_only") {
      const auto* flag = value.as_boolean();
      if (flag == nullptr) {
        wrong_type(value, "forward_only", file, "true or false");
      }
      out.policy.forward_only = flag->get();
    } else {
      // The top-level table owns `environments` through a pointer: inserting beside it leaves
      // `overrides` valid.
      file_table.insert_or_assign(key.str(), value);
    }
  }
}

// The first non-empty of the candidates.
template <typename... Strings>
std::string first_of(const Strings&... candidates) {
  std::string out;
  ((out.empty() ? (void)(out = candidates) : (void)0), ...);
  return out;
}

}  // namespace

settings resolve_settings(const flags& given) {
  settings out;
  toml::table file_table;
  out.config_file = find_config_file(given);
  if (out.config_file) {
    if (!std::filesystem::exists(*out.config_file)) {
      throw config_error(fmt::format("config file {} does not exist", out.config_file->string()));
    }
    try {
      file_table = toml::parse_file(out.config_file->string());
    } catch (const toml::parse_error& e) {
      throw config_error(fmt::format("{}:{}:{}: {}", out.config_file->string(),
                                     e.source().begin.line, e.source().begin.column,
                                     e.description()));
    }
  }
  const auto config_path = out.config_file.value_or("retort.toml");
  apply_environment(file_table,
                    first_of(given.environment, environment("RETORT_ENV"),
                             string_key(file_table, "environment", config_path)),
                    config_path, out);
  out.policy.force_downgrade = given.force_downgrade;
  if (const auto* node = file_table.get("lint")) {
    const auto* levels = node->as_table();
    if (levels == nullptr) {
      wrong_type(*node, "lint", config_path, "a table: [lint] with rule-id = \"error\"");
    }
    for (const auto& [rule, value] : *levels) {
      if (rule.str() == "small_table") {
        if (const auto* bytes = value.as_integer()) {
          out.lint_small_table = {std::to_string(bytes->get()), value.source().begin.line};
        } else if (const auto* size = value.as_string()) {
          out.lint_small_table = {size->get(), value.source().begin.line};
        } else {
          wrong_type(value, "lint.small_table", config_path, "a size: \"10 MB\" or bytes");
        }
        continue;
      }
      const auto* level = value.as_string();
      if (level == nullptr) {
        wrong_type(value, fmt::format("lint.{}", rule.str()), config_path,
                   "\"error\", \"warning\" or \"off\"");
      }
      out.lint_levels.push_back({std::string(rule.str()), level->get(), value.source().begin.line});
    }
  }
  out.url = first_of(given.url, environment("RETORT_URL"), environment("DATABASE_URL"),
                     string_key(file_table, "url", config_path));

  // A path from the flag or the environment as given; from the file, relative to the file.
  auto path_setting = [&](const std::string& flag, const char* variable, std::string_view key) {
    std::string value = first_of(flag, environment(variable));
    if (value.empty()) {
      value = string_key(file_table, key, config_path);
      if (!value.empty() && out.config_file) {
        value = (std::filesystem::absolute(*out.config_file).parent_path() / value).string();
      }
    }
    return std::filesystem::path(value);
  };
  out.plugins = path_setting(given.plugins, "RETORT_PLUGINS", "plugins");
  out.bundle = path_setting(given.bundle, "RETORT_BUNDLE", "bundle");
  out.public_key = path_setting(given.public_key, "RETORT_PUBLIC_KEY", "public_key");
  if (!given.plugins.empty() && !given.bundle.empty()) {
    throw config_error("give --plugins or --bundle, not both");
  }
  // A plugin directory on the command line overrides a configured bundle, and the reverse.
  if (!given.plugins.empty()) {
    out.bundle.clear();
  }

  std::string model = first_of(given.model, environment("RETORT_MODEL"));
  if (model.empty()) {
    model = string_key(file_table, "model", config_path);
    if (!model.empty() && out.config_file) {
      model = (std::filesystem::absolute(*out.config_file).parent_path() / model).string();
    }
  }
  out.model = model;

  auto table = first_of(given.version_table, string_key(file_table, "version_table", config_path));
  if (!table.empty()) {
    out.version_table = table;
  }
  out.version_table_schema = first_of(given.version_table_schema,
                                      string_key(file_table, "version_table_schema", config_path));
  out.scaffold = scaffold_settings(file_table, out.config_file, config_path);
  concurrency_settings(given, file_table, config_path, out);
  return out;
}

}  // namespace retort::cli
