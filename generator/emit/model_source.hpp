#pragma once

#include <retort/model/schema.hpp>

#include <string>

/// A schema model as C++ source: the declaration `retort_add_model()` compiles, so a team that
/// adopted a database can go model-first. Knows neither SQL nor databases.
namespace retort::emit {

struct model_source_options {
  std::string function = "database_model";  ///< the model function's name
  std::string title{};                      ///< the first comment line
};

/// A whole source file: `#include <retort/model.hpp>`, a function that builds `model` with the
/// builders of `model::schema` (`s.table(...).column(...)...`, `s.raw(...)` for what is carried
/// as SQL), and `RETORT_MODEL(function)`. Laid out within 100 columns.
[[nodiscard]] std::string model_source(const model::schema& model,
                                       const model_source_options& options = {});

}  // namespace retort::emit
