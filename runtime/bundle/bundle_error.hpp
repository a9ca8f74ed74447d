#pragma once

#include <retort/errors.hpp>

namespace retort {

/// A bundle or plan refused before any plugin code ran: a missing, extra or altered file, a bad
/// or missing signature, a wrong key, or a database no longer where a plan assumed. The release
/// engineer acts: rebuild, re-sign or re-plan.
class bundle_error : public error {
 public:
  using error::error;
};

}  // namespace retort
