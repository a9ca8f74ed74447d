#include "autogen/raw_order.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace retort::autogen {

raw_order creation_order(const std::vector<model::raw_object>& objects) {
  std::map<std::string, const model::raw_object*> by_key;
  for (const auto& o : objects) {
    by_key.emplace(model::raw_key(o), &o);
  }

  // An object that needs one created after the tables must itself wait for them.
  std::map<const model::raw_object*, bool> late;
  std::set<const model::raw_object*> visiting;
  std::function<bool(const model::raw_object*)> is_late = [&](const model::raw_object* o) {
    if (auto it = late.find(o); it != late.end()) {
      return it->second;
    }
    bool result = o->after_tables;
    if (visiting.insert(o).second) {
      for (const auto& key : o->depends_on) {
        auto it = by_key.find(key);
        result = (it != by_key.end() && is_late(it->second)) || result;
      }
      visiting.erase(o);
    }
    late[o] = result;
    return result;
  };

  std::vector<const model::raw_object*> candidates;
  for (const auto& o : objects) {
    candidates.push_back(&o);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
    return (a->kind == "comment") < (b->kind == "comment");
  });

  raw_order out;
  std::set<const model::raw_object*> placed;
  std::function<void(const model::raw_object*)> place = [&](const model::raw_object* o) {
    if (placed.count(o) != 0 || !visiting.insert(o).second) {
      return;
    }
    for (const auto& key : o->depends_on) {
      if (auto it = by_key.find(key); it != by_key.end()) {
        place(it->second);
      }
    }
    visiting.erase(o);
    placed.insert(o);
    (is_late(o) ? out.after_tables : out.before_tables).push_back(o);
  };
  for (const auto* o : candidates) {
    place(o);
  }
  return out;
}

}  // namespace retort::autogen
