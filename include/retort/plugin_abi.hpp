#pragma once

#include <cstdint>
#include <cstring>

#include <retort/migration_info.hpp>
#include <retort/operations.hpp>

/// What a plugin and the runtime agree on. The ABI block is plain C data, read and compared
/// before any C++ object crosses the boundary; the manifest is read only after it matches.
namespace retort::plugin_abi {

/// Bumped whenever a type that crosses the boundary changes layout or meaning.
// 2: schema, enum and sequence operations; 3: squash points, generated columns; 4: lint waivers;
// 5: type modifiers of named types, interval fields; 6: data steps; 7: a migration's header as
// record bytes
inline constexpr std::uint32_t version = 7;

inline constexpr const char* abi_symbol = "retort_abi_v1";
inline constexpr const char* entry_symbol = "retort_migrations_v1";
/// The ELF section holding both aliases; listing it does not run the plugin's code.
inline constexpr const char* section = "retort";

#define RETORT_DETAIL_STR2(x) #x
#define RETORT_DETAIL_STR(x) RETORT_DETAIL_STR2(x)
#if defined(__clang__)
#define RETORT_DETAIL_COMPILER "clang " RETORT_DETAIL_STR(__clang_major__)
#elif defined(__GNUC__)
#define RETORT_DETAIL_COMPILER "gcc " RETORT_DETAIL_STR(__GNUC__)
#else
#define RETORT_DETAIL_COMPILER "unknown"
#endif

struct abi_block {
  char magic[8];
  std::uint32_t abi_version;
  std::uint32_t cxx11_string_abi;  ///< libstdc++'s _GLIBCXX_USE_CXX11_ABI
  std::uint32_t operation_size;    ///< sizeof(retort::operation): a cheap layout tripwire
  char compiler[32];
};

/// The block this translation unit would write: the plugin exports it, the host compares.
inline abi_block current_abi() {
  abi_block block{};
  std::memcpy(block.magic, "RETORT\0", 8);
  block.abi_version = version;
#if defined(_GLIBCXX_USE_CXX11_ABI)
  block.cxx11_string_abi = _GLIBCXX_USE_CXX11_ABI;
#endif
  block.operation_size = sizeof(operation);
  std::strncpy(block.compiler, RETORT_DETAIL_COMPILER, sizeof(block.compiler) - 1);
  return block;
}

using migration_function = operations (*)();

struct migration_entry {
  /// The migration's header as its code declares it: a migration record
  /// (<retort/detail/metadata_record.hpp>, source file included) in the code's constant data,
  /// apart from the metadata section, which the loader compares it with. Bytes, not a
  /// `migration_info`: that holds 224 string views, whose relocation at load time wrote a page
  /// of the plugin for every migration in it.
  const unsigned char* header;
  std::uint32_t header_size;
  migration_function upgrade;
  migration_function downgrade;
};

struct manifest {
  std::uint32_t count;
  const migration_entry* entries;
};

using entry_function = const manifest*();

}  // namespace retort::plugin_abi
