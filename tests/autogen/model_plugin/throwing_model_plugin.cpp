// A model function that fails: the CLI reports it, naming the plugin.
#include <retort/model.hpp>

#include <stdexcept>

namespace {
retort::model::schema app_model() {
  throw std::runtime_error("the model is broken on purpose");
}
}  // namespace

RETORT_MODEL(app_model);
