#pragma once

#include <string>

namespace retort {

/// What the environment a run targets allows (`[environments.NAME]` in retort.toml).
struct environment_policy {
  /// Its name, for messages; empty when no environment was chosen.
  std::string environment{};
  /// Only upgrades: a downgrade is refused unless forced. Production is forward-only by default.
  bool forward_only = false;
  /// The operator overrides `forward_only` for this run (`--force-downgrade`); the run says so.
  bool force_downgrade = false;
};

}  // namespace retort
