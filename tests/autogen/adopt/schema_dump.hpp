#pragma once

// `pg_dump --schema-only` of a test database, normalised so that two databases holding the same
// schema print the same text: comments, settings and blank lines removed (pg_dump's own lines,
// which name the database or a random \restrict key).
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "support/run_command.hpp"

namespace retort::testing {

inline std::string normalised_dump(const std::string& dump) {
  std::istringstream lines(dump);
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 ||
        line.rfind("SELECT pg_catalog.set_config", 0) == 0 || line.rfind("\\restrict", 0) == 0 ||
        line.rfind("\\unrestrict", 0) == 0) {
      continue;
    }
    out += line + "\n";
  }
  return out;
}

inline std::string schema_dump(const std::string& url) {
  auto run_dump = run("pg_dump --schema-only --no-owner --no-privileges -d " + shell_quote(url));
  if (run_dump.status != 0) {
    throw std::runtime_error("pg_dump failed: " + run_dump.output);
  }
  return normalised_dump(run_dump.output);
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace retort::testing
