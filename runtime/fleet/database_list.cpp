#include "fleet/database_list.hpp"

#include <retort/errors.hpp>

#include <fstream>
#include <map>

#include <fmt/format.h>

#include "url.hpp"

namespace retort::fleet {

namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view blanks = " \t\r";
  auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

bool names_a_database(std::string_view token) {
  return token.find_first_of("=:") == std::string_view::npos;
}

}  // namespace

std::vector<database> read_database_list(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw config_error(fmt::format("{}: cannot read the database list", file.string()));
  }
  std::vector<database> databases;
  std::map<std::string, std::string> seen_name;  // name -> origin
  std::map<std::string, std::string> seen_url;   // url -> origin
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    auto line = trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    database db{.origin = fmt::format("{}:{}", file.string(), number)};
    auto space = line.find_first_of(" \t");
    if (space != std::string_view::npos && names_a_database(line.substr(0, space))) {
      db.name = std::string(line.substr(0, space));
      db.url = std::string(trim(line.substr(space)));
    } else {
      db.url = std::string(line);
      db.name = redact_url(db.url);
    }
    if (auto [at, fresh] = seen_name.emplace(db.name, db.origin); !fresh) {
      throw config_error(fmt::format("{}: the database {} is listed twice (first at {})", db.origin,
                                     db.name, at->second));
    }
    if (auto [at, fresh] = seen_url.emplace(db.url, db.origin); !fresh) {
      throw config_error(fmt::format("{}: the URL of {} is listed twice (first at {})", db.origin,
                                     db.name, at->second));
    }
    databases.push_back(std::move(db));
  }
  if (in.bad()) {
    throw config_error(fmt::format("{}: cannot read the database list", file.string()));
  }
  if (databases.empty()) {
    throw config_error(fmt::format("{}: the database list names no database", file.string()));
  }
  return databases;
}

}  // namespace retort::fleet
