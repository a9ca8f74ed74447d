#pragma once

#include <retort/errors.hpp>

namespace retort::scaffold {

/// A request refused before anything was written: several heads, a parent that is not a head,
/// an id or a file that exists, ... The message says what to do instead. (The CLI exits 3.)
class refusal : public error {
 public:
  using error::error;
};

}  // namespace retort::scaffold
