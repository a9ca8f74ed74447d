#pragma once

namespace retort::cli::exit_code {

inline constexpr int ok = 0;
/// A migration or the database failed; what ran before it stays applied.
inline constexpr int failure = 1;
/// The command line or the configuration is wrong; nothing was touched.
inline constexpr int usage = 2;
/// Plugins, graph or target were refused before connecting, or a bundle or plan was refused
/// (a missing, extra or altered file, a bad signature, a database or bundle that changed since
/// the plan); nothing was touched.
inline constexpr int refused = 3;
/// `current --check-heads`: the database is not at the heads of the migrations.
inline constexpr int not_at_head = 4;
/// Another run held the database's migration lock past `--lock-timeout`; nothing was touched.
inline constexpr int lock_timeout = 5;
/// The database's record disagrees with the plugins (a changed checksum, a missing applied
/// revision, an in-progress marker); nothing was touched.
inline constexpr int integrity = 6;
/// `check`: the migrations do not build the model's schema (the difference is printed).
inline constexpr int model_differs = 7;
/// `verify` found errors in the migrations (with `--strict`, warnings too); nothing was touched.
inline constexpr int verify_failed = 8;
/// `lint` found error-level findings (with `--strict`, warnings too); nothing was touched.
inline constexpr int lint_failed = 9;

}  // namespace retort::cli::exit_code
