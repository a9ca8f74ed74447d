#pragma once

namespace retort::cli::exit_code {

inline constexpr int ok = 0;
/// A migration or the database failed; what ran before it stays applied.
inline constexpr int failure = 1;
/// The command line or the configuration is wrong; nothing was touched.
inline constexpr int usage = 2;
/// Plugins, graph or target were refused before connecting; nothing was touched.
inline constexpr int refused = 3;

}  // namespace retort::cli::exit_code
