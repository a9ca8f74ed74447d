#pragma once

#include <retort/model/schema.hpp>

#include <vector>

namespace retort::autogen {

/// Raw objects split by when they are created: before the tables (a domain, a function a
/// default may call) or after them (a view, a trigger, and anything that needs one of those).
/// Each list puts an object after the objects it depends on; otherwise the model's order, with
/// comments last. Dependencies outside `objects` are ignored; a cycle is broken where it is met.
struct raw_order {
  std::vector<const model::raw_object*> before_tables;
  std::vector<const model::raw_object*> after_tables;
};

[[nodiscard]] raw_order creation_order(const std::vector<model::raw_object>& objects);

}  // namespace retort::autogen
