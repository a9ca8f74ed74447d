#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "cli/config.hpp"

/// The release verbs: `bundle pack|keygen|verify|inspect`, `plan`, `plan show`, `apply`.
namespace retort::cli {

/// Packs `s.plugins` into the directory `output` and the archive `output.tar.gz`, signed with
/// `sign_key` when given.
void bundle_pack(const settings& s, const std::filesystem::path& output,
                 const std::filesystem::path& sign_key, std::ostream& out);
void bundle_keygen(const std::filesystem::path& secret_key, const std::filesystem::path& public_key,
                   std::ostream& out);
/// Verifies the bundle `s` names; throws `bundle_error` on any problem.
void bundle_verify(const settings& s, std::ostream& out);
/// The bundle's graph and heads from its manifest; with a URL, what `upgrade heads` would run
/// there, with its SQL. No plugin code runs.
void bundle_inspect(const settings& s, std::ostream& out);

/// Writes a plan for `upgrade target` on `s.url` to `plan_file` (and `plan_file.sig` with
/// `sign_key`), from `s.bundle` or, packed in memory, `s.plugins`.
void plan_make(const settings& s, const std::string& target, const std::filesystem::path& plan_file,
               const std::filesystem::path& sign_key, std::ostream& out);
/// A plan for review: a report, then a diff-style view of its operations.
void plan_show(const std::filesystem::path& plan_file, std::ostream& out);
/// Runs the plan on `s.url` with `s.bundle`, only while the database is still at the plan's
/// heads and the bundle is the plan's; otherwise throws `bundle_error` saying what changed.
void apply(const settings& s, const std::filesystem::path& plan_file, std::ostream& out);

}  // namespace retort::cli
