#include "cli/config.hpp"

#include <retort/errors.hpp>

#include <cstdlib>

#include <fmt/format.h>
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
  out.url = first_of(given.url, environment("RETORT_URL"), environment("DATABASE_URL"),
                     string_key(file_table, "url", config_path));

  std::string plugins = first_of(given.plugins, environment("RETORT_PLUGINS"));
  if (plugins.empty()) {
    plugins = string_key(file_table, "plugins", config_path);
    if (!plugins.empty() && out.config_file) {
      plugins = (std::filesystem::absolute(*out.config_file).parent_path() / plugins).string();
    }
  }
  out.plugins = plugins;

  auto table = first_of(given.version_table, string_key(file_table, "version_table", config_path));
  if (!table.empty()) {
    out.version_table = table;
  }
  out.version_table_schema = first_of(given.version_table_schema,
                                      string_key(file_table, "version_table_schema", config_path));
  return out;
}

}  // namespace retort::cli
