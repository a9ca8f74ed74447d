#pragma once

#include <map>
#include <string>

#include <retort/errors.hpp>

#include "bundle/bundle_files.hpp"

namespace retort::bundle {

/// Plugin bytes that were verified, each in its own sealed memory file (`memfd_create`, then
/// `F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL`): nobody, not even this process,
/// can change them any more, so what `dlopen` maps is exactly what was hashed. They are opened
/// by `/proc/self/fd/N`, which names the memory file itself, not a path someone could replace.
///
/// Keep this object alive as long as any library loaded from it: its descriptors are closed
/// with it, and glibc recognises an already-loaded library by its `/proc/self/fd/N` name, which a
/// reused descriptor number would otherwise alias.
class sealed_plugins {
 public:
  /// Seals `files` (name -> bytes). Throws `bundle_error` when the kernel refuses.
  explicit sealed_plugins(const file_map& files);
  ~sealed_plugins();
  sealed_plugins(const sealed_plugins&) = delete;
  sealed_plugins& operator=(const sealed_plugins&) = delete;

  /// The path that opens the sealed copy of `name`.
  [[nodiscard]] const std::string& path_of(const std::string& name) const;
  /// The bundled file name behind a sealed path; empty when it is none of them.
  [[nodiscard]] std::string name_of(const std::string& path) const;
  /// Runs `load` (which opens sealed paths); a `plugin_error` about a sealed path is rethrown
  /// naming `origin: <bundled file name>` instead.
  template <class Load>
  auto naming_files(const std::string& origin, Load&& load) const -> decltype(load()) {
    try {
      return load();
    } catch (const plugin_error& e) {
      rethrow_named(origin, e);
    }
  }

 private:
  [[noreturn]] void rethrow_named(const std::string& origin, const plugin_error& e) const;

  std::map<std::string, std::string> paths_;  // name -> /proc/self/fd/N
  std::map<std::string, int> fds_;
};

}  // namespace retort::bundle
