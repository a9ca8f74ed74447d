#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

/// Lint findings as bundles and plans carry them: found when the bundle is packed, shown by
/// `plan show` and `apply`, and covered by the manifest's signature like everything else in it.
namespace retort::bundle {

struct lint_note {
  std::string rule;
  std::string level;  ///< `error` or `warning`, as the project set it at pack time
  std::size_t op_number = 0;
  std::string operation;  ///< the operation's `describe` line
  std::string detail;
  friend bool operator==(const lint_note&, const lint_note&) = default;
};

template <class Json>
Json lint_notes_json(const std::vector<lint_note>& notes) {
  Json out = Json::array();
  for (const auto& n : notes) {
    out.push_back({{"rule", n.rule},
                   {"level", n.level},
                   {"op_number", n.op_number},
                   {"operation", n.operation},
                   {"detail", n.detail}});
  }
  return out;
}

/// The notes under `key` of `object`; none when the key is absent (documents made before lint).
template <class Json>
std::vector<lint_note> lint_notes_from(const Json& object, const char* key) {
  std::vector<lint_note> out;
  if (!object.contains(key)) {
    return out;
  }
  for (const auto& n : object.at(key)) {
    out.push_back({n.at("rule").template get<std::string>(),
                   n.at("level").template get<std::string>(),
                   n.at("op_number").template get<std::size_t>(),
                   n.at("operation").template get<std::string>(),
                   n.at("detail").template get<std::string>()});
  }
  return out;
}

}  // namespace retort::bundle
