// The rich model as an application ships it: a model plugin for `--autogenerate`.
#include <retort/model.hpp>

#include "autogen/rich_model.hpp"

namespace {
retort::model::schema app_model() {
  return retort::testing::rich_model();
}
}  // namespace

RETORT_MODEL(app_model);
