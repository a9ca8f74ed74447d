#pragma once

/// The revision metadata every plugin carries as constant bytes in its ELF section `retort_md`,
/// so the runtime can read a plugin's revisions without loading it (loading runs its code).
///
/// Record format 4. Integers are unsigned little-endian; a string is a u32 byte count followed
/// by the bytes as written in the source (UTF-8, no terminator).
///
///     offset  size  field
///          0     4  magic "RTMD"
///          4     2  format version (4)
///          6     1  kind: 1 = plugin, 2 = migration, 3 = source checksum
///          7     1  flags: bit 0 = transactional (migrations); other bits 0
///          8     4  length of the whole record in bytes, this header included
///         12     4  checksum of the whole record, these 4 bytes read as zero: see
///                   metadata_word_checksum (32-bit FNV-1a up to format 3)
///         16        body
///
///     plugin body:     empty
///     migration body:  string revision
///                      u32 count, count strings: down_revision
///                      string message
///                      u32 count, count strings: branch_labels
///                      u32 count, count strings: depends_on
///                      string source file (__FILE__)
///                      u32 count, count strings: replaces (format 3 on)
///     source checksum body: string revision
///                           string checksum: SHA-256 of the normalised source, 64 lowercase
///                           hex digits (see runtime/digest/source_checksum.hpp)
///
/// Format 4 changed only the checksum, eight bytes at a time instead of one; readers check each
/// record by its own format.
///
/// Format 3 added `replaces` at the end of the migration body; readers still read format 2
/// records (no `replaces`), so the graph commands read plugins built before squash (loading one
/// needs a rebuild: it was built for an older plugin ABI).
///
/// Format 2 added the source checksum records. The compiler cannot read a file's bytes, so the
/// build computes them: retort_add_migrations() runs `retort source-checksums`, which reads each
/// migration source (its revision from its header, its checksum from its bytes) and writes a
/// translation unit of checksum records that is linked into the plugin. Every migration record
/// has exactly one checksum record with its revision, and the other way round.
///
/// Every plugin holds exactly one plugin record (from `retort_plugin_entry.cpp`), so a file
/// without one was not built by this retort. The linker concatenates the records of all
/// translation units; they are byte-aligned, but a toolchain may still pad between them, so
/// readers skip zero bytes between records (a record begins with a non-zero byte). The magic,
/// the version and the length (bytes 0-5 and 8-11) keep their meaning in every future format, so
/// any reader can say which format a record has; a new format bumps the version. The checksum
/// catches damage, not forgery (anyone can recompute it): when the loader loads a plugin, it
/// compares the metadata with what the plugin's code reports.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <retort/migration_info.hpp>

/// The section name, a C identifier (so the linker also defines `__start_retort_md`).
#define RETORT_DETAIL_METADATA_SECTION "retort_md"

// `used` keeps an unreferenced record in the object file; `retain` keeps it through
// `--gc-sections` (SHF_GNU_RETAIN, binutils 2.36+). `alignas(1)` stops g++ from aligning arrays
// of 32 bytes or more to 32, which would pad between records.
#if defined(__has_attribute)
#if __has_attribute(retain)
#define RETORT_DETAIL_METADATA_ATTRIBUTES \
  [[gnu::section(RETORT_DETAIL_METADATA_SECTION), gnu::used, gnu::retain]] alignas(1)
#endif
#endif
#ifndef RETORT_DETAIL_METADATA_ATTRIBUTES
#define RETORT_DETAIL_METADATA_ATTRIBUTES \
  [[gnu::section(RETORT_DETAIL_METADATA_SECTION), gnu::used]] alignas(1)
#endif

namespace retort::detail {

inline constexpr std::string_view metadata_section = RETORT_DETAIL_METADATA_SECTION;
inline constexpr std::array<unsigned char, 4> metadata_magic{'R', 'T', 'M', 'D'};
inline constexpr std::uint16_t metadata_format_version = 4;
/// The oldest format readers still accept.
inline constexpr std::uint16_t metadata_oldest_readable_format = 2;
inline constexpr std::size_t metadata_header_size = 16;
inline constexpr std::size_t metadata_checksum_offset = 12;

enum class metadata_kind : std::uint8_t { plugin = 1, migration = 2, source_checksum = 3 };
inline constexpr std::uint8_t metadata_flag_transactional = 1;

/// The oldest format whose checksum is read eight bytes at a time.
inline constexpr std::uint16_t metadata_word_checksum_format = 4;

/// Up to format 3: 32-bit FNV-1a of `size` bytes, the checksum field read as zero.
constexpr std::uint32_t metadata_byte_checksum(const unsigned char* record, std::size_t size) {
  std::uint32_t hash = 2166136261U;
  for (std::size_t i = 0; i < size; ++i) {
    const bool in_field = i >= metadata_checksum_offset && i < metadata_checksum_offset + 4;
    hash = (hash ^ (in_field ? 0U : record[i])) * 16777619U;
  }
  return hash;
}

/// From format 4: the record as little-endian 64-bit words (the last one padded with zeros,
/// the checksum field read as zero), each xored into the state, which is then multiplied by an
/// odd constant and xor-shifted. Both steps are one-to-one, so a change inside one word always
/// changes the 64-bit state; the state is folded to 32 bits. A reader of thousands of records
/// spent as long in byte-at-a-time FNV-1a as in everything else it did with them.
constexpr std::uint32_t metadata_word_checksum(const unsigned char* record, std::size_t size) {
  static_assert(metadata_checksum_offset == 12, "the field is the upper half of the second word");
  std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ size;
  std::size_t at = 0;
  const auto mix = [&hash](std::uint64_t word) {
    hash = (hash ^ word) * 0xff51afd7ed558ccdULL;
    hash ^= hash >> 32;
  };
  for (; size - at >= 8; at += 8) {
    std::uint64_t word = 0;
    if (!std::is_constant_evaluated() && std::endian::native == std::endian::little) {
      __builtin_memcpy(&word, record + at, 8);  // GCC does not merge the loop below into a load
    } else {
      for (std::size_t i = 0; i < 8; ++i) {
        word |= static_cast<std::uint64_t>(record[at + i]) << (8 * i);
      }
    }
    mix(at == 8 ? word & 0xffffffffULL : word);
  }
  if (at < size) {
    std::uint64_t word = 0;
    for (std::size_t i = 0; at + i < size; ++i) {
      word |= static_cast<std::uint64_t>(record[at + i]) << (8 * i);
    }
    mix(at == 8 ? word & 0xffffffffULL : word);
  }
  return static_cast<std::uint32_t>(hash ^ (hash >> 29));
}

/// The checksum of a whole record (`size` bytes) in the way its own format (bytes 4-5) says.
constexpr std::uint32_t metadata_checksum(const unsigned char* record, std::size_t size) {
  const unsigned format = size >= 6 ? record[4] | (record[5] << 8) : 0U;
  return format >= metadata_word_checksum_format ? metadata_word_checksum(record, size)
                                                 : metadata_byte_checksum(record, size);
}

// Non-constexpr on purpose, like the checks of migration_info.hpp.
inline void metadata_record_must_be_smaller_than_4_gib() {}

/// Writes a record into fixed storage at compile time.
template <std::size_t Size>
class metadata_writer {
 public:
  constexpr metadata_writer(metadata_kind kind, std::uint8_t flags) {
    for (auto byte : metadata_magic) {
      put(byte);
    }
    put_u16(metadata_format_version);
    put(static_cast<unsigned char>(kind));
    put(flags);
    put_u32(static_cast<std::uint32_t>(Size));
    put_u32(0);  // the checksum, set by finish()
  }
  constexpr void put_string(std::string_view text) {
    put_u32(static_cast<std::uint32_t>(text.size()));
    for (char c : text) {
      put(static_cast<unsigned char>(c));
    }
  }
  template <std::size_t Capacity>
  constexpr void put_list(const basic_id_list<Capacity>& ids) {
    put_u32(static_cast<std::uint32_t>(ids.size()));
    for (auto id : ids) {
      put_string(id);
    }
  }
  constexpr std::array<unsigned char, Size> finish() {
    if (at_ != Size) {
      throw "retort: metadata record size mismatch";
    }
    const std::uint32_t sum = metadata_checksum(bytes_.data(), Size);
    for (std::size_t i = 0; i < 4; ++i) {
      bytes_[metadata_checksum_offset + i] = static_cast<unsigned char>(sum >> (8 * i));
    }
    return bytes_;
  }

 private:
  constexpr void put(unsigned char byte) { bytes_[at_++] = byte; }
  constexpr void put_u16(std::uint16_t value) {
    put(static_cast<unsigned char>(value));
    put(static_cast<unsigned char>(value >> 8));
  }
  constexpr void put_u32(std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) {
      put(static_cast<unsigned char>(value >> (8 * i)));
    }
  }

  std::array<unsigned char, Size> bytes_{};
  std::size_t at_ = 0;
};

/// The size of the migration record of `info`, declared in `source_file`.
constexpr std::size_t migration_record_size(const migration_info& info,
                                            std::string_view source_file) {
  auto list_size = [](const auto& ids) {
    std::size_t size = 4;
    for (auto id : ids) {
      size += 4 + id.size();
    }
    return size;
  };
  const std::size_t size = metadata_header_size + 4 + info.revision.size() +
                           list_size(info.down_revision) + 4 + info.message.size() +
                           list_size(info.branch_labels) + list_size(info.depends_on) + 4 +
                           source_file.size() + list_size(info.replaces);
  if (size > 0xffffffffU) {
    metadata_record_must_be_smaller_than_4_gib();
  }
  return size;
}

/// The migration record of `info`; `Size` is `migration_record_size(info, source_file)`.
template <std::size_t Size>
constexpr std::array<unsigned char, Size> migration_record(const migration_info& info,
                                                           std::string_view source_file) {
  metadata_writer<Size> out(metadata_kind::migration,
                            info.transactional ? metadata_flag_transactional : 0);
  out.put_string(info.revision);
  out.put_list(info.down_revision);
  out.put_string(info.message);
  out.put_list(info.branch_labels);
  out.put_list(info.depends_on);
  out.put_string(source_file);
  out.put_list(info.replaces);
  return out.finish();
}

/// The size of the source checksum record of `revision`.
constexpr std::size_t source_checksum_record_size(std::string_view revision,
                                                  std::string_view checksum) {
  return metadata_header_size + 4 + revision.size() + 4 + checksum.size();
}

/// The source checksum record of `revision`; `Size` is `source_checksum_record_size(...)`.
template <std::size_t Size>
constexpr std::array<unsigned char, Size> source_checksum_record(std::string_view revision,
                                                                 std::string_view checksum) {
  metadata_writer<Size> out(metadata_kind::source_checksum, 0);
  out.put_string(revision);
  out.put_string(checksum);
  return out.finish();
}

/// The plugin record: one per plugin.
constexpr std::array<unsigned char, metadata_header_size> plugin_record() {
  return metadata_writer<metadata_header_size>(metadata_kind::plugin, 0).finish();
}

}  // namespace retort::detail

/// Emits the migration record of `info` (a constant `migration_info` expression) into the plugin's
/// metadata section: constant bytes, no static initializer.
#define RETORT_DETAIL_MIGRATION_RECORD(info, source_file)                            \
  RETORT_DETAIL_METADATA_ATTRIBUTES static constexpr auto retort_migration_record_ = \
      ::retort::detail::migration_record<::retort::detail::migration_record_size(    \
          info, source_file)>(info, source_file)

/// Emits the source checksum record `name` of `revision` (both string literals); written by
/// `retort source-checksums` into a generated translation unit.
#define RETORT_DETAIL_SOURCE_CHECKSUM_RECORD(name, revision, checksum)                        \
  RETORT_DETAIL_METADATA_ATTRIBUTES static constexpr auto name =                              \
      ::retort::detail::source_checksum_record<::retort::detail::source_checksum_record_size( \
          revision, checksum)>(revision, checksum)

/// Emits the plugin record; `retort_plugin_entry.cpp` does, once per plugin.
#define RETORT_DETAIL_PLUGIN_RECORD                                               \
  RETORT_DETAIL_METADATA_ATTRIBUTES static constexpr auto retort_plugin_record_ = \
      ::retort::detail::plugin_record()
