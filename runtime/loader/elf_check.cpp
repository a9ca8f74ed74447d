#include "loader/elf_check.hpp"

#include <elf.h>
#include <link.h>

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include <retort/errors.hpp>

namespace retort::loader {

namespace {

using elf_header = ElfW(Ehdr);
using program_header = ElfW(Phdr);
using section_header = ElfW(Shdr);
using elf_symbol = ElfW(Sym);

constexpr unsigned native_bits = __ELF_NATIVE_CLASS;
constexpr unsigned char native_class = native_bits == 64 ? ELFCLASS64 : ELFCLASS32;
constexpr unsigned char native_byte_order =
    std::endian::native == std::endian::little ? ELFDATA2LSB : ELFDATA2MSB;

#if defined(__x86_64__)
constexpr std::uint16_t native_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr std::uint16_t native_machine = EM_AARCH64;
#elif defined(__i386__)
constexpr std::uint16_t native_machine = EM_386;
#elif defined(__arm__)
constexpr std::uint16_t native_machine = EM_ARM;
#elif defined(__riscv)
constexpr std::uint16_t native_machine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr std::uint16_t native_machine = EM_PPC64;
#elif defined(__s390x__)
constexpr std::uint16_t native_machine = EM_S390;
#else
constexpr std::uint16_t native_machine = EM_NONE;  // not known here: dlopen will judge
#endif

std::string machine_name(std::uint16_t machine) {
  switch (machine) {
    case EM_X86_64:
      return "x86-64";
    case EM_AARCH64:
      return "AArch64";
    case EM_386:
      return "32-bit x86";
    case EM_ARM:
      return "32-bit ARM";
    case EM_RISCV:
      return "RISC-V";
    case EM_PPC64:
      return "64-bit PowerPC";
    case EM_S390:
      return "s390x";
    default:
      return fmt::format("ELF machine {}", machine);
  }
}

std::string type_name(std::uint16_t type) {
  switch (type) {
    case ET_REL:
      return "an object file (ELF type ET_REL)";
    case ET_EXEC:
      return "an executable (ELF type ET_EXEC)";
    case ET_CORE:
      return "a core dump (ELF type ET_CORE)";
    default:
      return fmt::format("an ELF file of type {}", type);
  }
}

// What is being read, for error messages: "section" and ".strtab" make "section .strtab". Kept
// apart and joined only when a message is written, so the common case formats nothing.
struct label {
  label(const char* what) : what(what) {}  // NOLINT: implicit on purpose
  label(std::string_view what, std::string_view name = {}) : what(what), name(name) {}
  std::string_view what;
  std::string_view name;
};

}  // namespace
}  // namespace retort::loader

template <>
struct fmt::formatter<retort::loader::label> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(const retort::loader::label& l, Context& context) const {
    auto out = fmt::formatter<std::string_view>::format(l.what, context);
    return l.name.empty() ? out : fmt::format_to(out, " {}", l.name);
  }
};

namespace retort::loader {
namespace {

// Reads records at file offsets with pread, refusing any that would lie past the end of the file.
class elf_reader {
 public:
  // `fd`, which stays open for as long as this reader, is `file` with `identity`.
  elf_reader(const std::string& file, int fd, const file_identity& identity,
             elf_read_buffers& buffers)
      : file_(file),
        fd_(fd),
        identity_(identity),
        head_(buffers.head),
        tail_(buffers.tail),
        window_(buffers.window) {
    head_.clear();
    tail_.clear();
    window_.clear();
  }
  elf_reader(const elf_reader&) = delete;
  elf_reader& operator=(const elf_reader&) = delete;

  [[nodiscard]] std::uint64_t size() const noexcept {
    return static_cast<std::uint64_t>(identity_.size);
  }
  [[nodiscard]] const file_identity& identity() const noexcept { return identity_; }

  [[noreturn]] void fail(const std::string& reason) const { throw plugin_error(file_, reason); }

  [[noreturn]] void malformed(const std::string& detail) const {
    fail(fmt::format("malformed ELF file: {}; rebuild the plugin", detail));
  }

  // `what` lies at [offset, offset + length); anything else is a cut-off or corrupt file.
  void require_inside(std::uint64_t offset, std::uint64_t length, label what) const {
    if (offset > size() || length > size() - offset) {
      fail(fmt::format(
          "truncated or corrupt: {} ({} bytes at offset {}) lies past the end of the file "
          "({} bytes); rebuild the plugin or copy it again",
          what, length, offset, size()));
    }
  }

  template <class T>
  [[nodiscard]] std::vector<T> read(std::uint64_t offset, std::uint64_t count, label what) {
    static_assert(std::is_trivially_copyable_v<T>);
    // Saturates instead of overflowing: a count that large cannot fit in the file anyway.
    const std::uint64_t length = count > UINT64_MAX / sizeof(T) ? UINT64_MAX : count * sizeof(T);
    require_inside(offset, length, what);
    std::vector<T> out(count);
    read_bytes(offset, reinterpret_cast<char*>(out.data()), length, what);
    return out;
  }

  // Into `out`, whose memory is reused.
  void read_into(std::vector<unsigned char>& out, std::uint64_t offset, std::uint64_t length,
                 label what) {
    require_inside(offset, length, what);
    out.resize(length);
    read_bytes(offset, reinterpret_cast<char*>(out.data()), length, what);
  }

  template <class T>
  [[nodiscard]] T read_one(std::uint64_t offset, label what) {
    return read<T>(offset, 1, what).front();
  }

  // The terminated string at `offset` of a string table that ends at `end` with a '\0'.
  [[nodiscard]] std::string read_string(std::uint64_t offset, std::uint64_t end, label what) {
    std::string out;
    char chunk[128];
    while (offset < end) {
      const auto length = std::min<std::uint64_t>(sizeof(chunk), end - offset);
      read_bytes(offset, chunk, length, what);
      const auto* nul = static_cast<const char*>(std::memchr(chunk, '\0', length));
      out.append(chunk, nul != nullptr ? static_cast<std::size_t>(nul - chunk) : length);
      if (nul != nullptr) {
        return out;
      }
      offset += length;
    }
    malformed(fmt::format("{} is not terminated", what));
  }

 private:
  // Small reads are served from memory: the file's first and last few kilobytes, each read once
  // when first needed, hold what a plugin is checked by in GNU ld's layout (the ELF and program
  // headers and the dynamic string table at the start; the section headers, their names and
  // the end of the symbol names at the end); anything else small comes from a window read at
  // it. Half the system calls and a fifth less copying than one 4 KB window.
  void read_bytes(std::uint64_t offset, char* out, std::uint64_t length, label what) {
    if (length == 0) {
      return;
    }
    if (offset > size() || length > size() - offset) {
      read_through(offset, out, length, what);  // reports the end of the file
      return;
    }
    if (offset + length <= end_block_size) {
      serve(head_, 0, offset, out, length, what);
    } else if (offset >= tail_offset()) {
      serve(tail_, tail_offset(), offset, out, length, what);
    } else if (length <= window_size) {
      if (offset < window_offset_ || offset + length > window_offset_ + window_.size()) {
        window_offset_ = offset;
        window_.resize(std::min<std::uint64_t>(window_size, size() - offset));
        read_through(offset, window_.data(), window_.size(), what);
      }
      std::memcpy(out, window_.data() + (offset - window_offset_), length);
    } else {
      read_through(offset, out, length, what);
    }
  }

  [[nodiscard]] std::uint64_t tail_offset() const {
    return size() > end_block_size ? size() - end_block_size : 0;
  }

  // `length` bytes at `offset` from `block`, which holds the file from `block_offset` on.
  void serve(std::vector<char>& block, std::uint64_t block_offset, std::uint64_t offset, char* out,
             std::uint64_t length, label what) {
    if (block.empty()) {
      block.resize(std::min<std::uint64_t>(end_block_size, size() - block_offset));
      read_through(block_offset, block.data(), block.size(), what);
    }
    std::memcpy(out, block.data() + (offset - block_offset), length);
  }

  void read_through(std::uint64_t offset, char* out, std::uint64_t length, label what) {
    while (length > 0) {
      const auto got = ::pread(fd_, out, length, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        // The file shrank since fstat, or the device failed.
        fail(fmt::format("cannot be read: {} while reading {}",
                         got < 0 ? std::strerror(errno) : "unexpected end of file", what));
      }
      out += got;
      offset += static_cast<std::uint64_t>(got);
      length -= static_cast<std::uint64_t>(got);
    }
  }

  static constexpr std::uint64_t end_block_size = 8192;
  static constexpr std::uint64_t window_size = 1024;

  const std::string& file_;
  int fd_;
  file_identity identity_;
  std::vector<char>& head_;
  std::vector<char>& tail_;
  std::uint64_t window_offset_ = 0;
  std::vector<char>& window_;
};

void check_header(elf_reader& elf, const elf_header& header) {
  const unsigned char* ident = header.e_ident;
  if (ident[EI_CLASS] != native_class) {
    elf.fail(
        fmt::format("built for {}, this runtime is {}-bit; rebuild the plugin for this machine",
                    ident[EI_CLASS] == ELFCLASS32   ? "32-bit machines"
                    : ident[EI_CLASS] == ELFCLASS64 ? "64-bit machines"
                                                    : "an unknown ELF class",
                    native_bits));
  }
  if (ident[EI_DATA] != native_byte_order) {
    elf.fail(fmt::format(
        "built for {} machines, this runtime is {}; rebuild the plugin for this machine",
        ident[EI_DATA] == ELFDATA2MSB ? "big-endian" : "little-endian",
        native_byte_order == ELFDATA2LSB ? "little-endian" : "big-endian"));
  }
  if (header.e_type != ET_DYN) {
    elf.fail(fmt::format("not a shared library but {}; build plugins with retort_add_migrations()",
                         type_name(header.e_type)));
  }
  if (native_machine != EM_NONE && header.e_machine != native_machine) {
    elf.fail(
        fmt::format("built for {}, this runtime runs on {}; rebuild the plugin for this machine",
                    machine_name(header.e_machine), machine_name(native_machine)));
  }
}

void check_segments(elf_reader& elf, const elf_header& header) {
  if (header.e_phnum == 0) {
    return;  // dlopen refuses it, naming the problem
  }
  if (header.e_phentsize != sizeof(program_header)) {
    elf.malformed(fmt::format("program header size {}, expected {}", header.e_phentsize,
                              sizeof(program_header)));
  }
  for (const auto& segment :
       elf.read<program_header>(header.e_phoff, header.e_phnum, "its program header table")) {
    if (segment.p_type == PT_LOAD) {
      elf.require_inside(segment.p_offset, segment.p_filesz, "a loadable segment");
    }
  }
}

// A string table Boost.DLL may index: non-empty, and its last string terminated.
void check_string_table(elf_reader& elf, const section_header& table, label what) {
  if (table.sh_type != SHT_STRTAB || table.sh_size == 0) {
    elf.malformed(fmt::format("{} is not a string table", what));
  }
  auto last = elf.read_one<char>(table.sh_offset + table.sh_size - 1, what);
  if (last != '\0') {
    elf.malformed(fmt::format("{} does not end with a terminated string", what));
  }
}

std::vector<section_header> read_sections(elf_reader& elf, const elf_header& header) {
  if (header.e_shoff == 0) {
    elf.fail(
        "has no section headers, so its retort entry points cannot be found without loading it; "
        "build plugins with retort_add_migrations()");
  }
  if (header.e_shentsize != sizeof(section_header)) {
    elf.malformed(fmt::format("section header size {}, expected {}", header.e_shentsize,
                              sizeof(section_header)));
  }
  // With 0xff00 sections or more, e_shnum is 0 and the count is in the first section header.
  std::uint64_t count = header.e_shnum;
  if (count == 0) {
    count = elf.read_one<section_header>(header.e_shoff, "its section header table").sh_size;
  }
  auto sections = elf.read<section_header>(header.e_shoff, count, "its section header table");
  if (sections.empty()) {
    elf.malformed("its section header table is empty");
  }
  return sections;
}

}  // namespace

void read_plugin_elf(const std::string& file, int fd, const file_identity& identity,
                     std::string_view symbol_section, std::string_view data_section,
                     elf_read_buffers& buffers, elf_plugin& plugin) {
  elf_reader elf(file, fd, identity, buffers);
  if (elf.size() < SELFMAG ||
      std::memcmp(elf.read<char>(0, SELFMAG, "its ELF magic").data(), ELFMAG, SELFMAG) != 0) {
    elf.fail("not a shared library (not an ELF file); build plugins with retort_add_migrations()");
  }
  if (elf.size() < sizeof(elf_header)) {
    elf.fail(fmt::format(
        "truncated: the file has {} bytes, fewer than an ELF header; rebuild the plugin or copy "
        "it again",
        elf.size()));
  }
  const auto header = elf.read_one<elf_header>(0, "its ELF header");
  check_header(elf, header);
  check_segments(elf, header);

  const auto sections = read_sections(elf, header);
  const std::uint64_t names_index =
      header.e_shstrndx == SHN_XINDEX ? sections.front().sh_link : header.e_shstrndx;
  if (names_index >= sections.size()) {
    elf.malformed(fmt::format("section-name table index {} is out of range", names_index));
  }
  const auto& names_section = sections[names_index];
  elf.require_inside(names_section.sh_offset, names_section.sh_size, "its section-name table");
  // Read before it is checked, so the check's read of its last byte is served from memory.
  const auto names =
      elf.read<char>(names_section.sh_offset, names_section.sh_size, "its section-name table");
  check_string_table(elf, names_section, "its section-name table");

  const section_header* symbol_table = nullptr;
  std::optional<std::size_t> symbol_section_index;
  const section_header* data = nullptr;
  for (std::size_t index = 0; index < sections.size(); ++index) {
    const auto& section = sections[index];
    if (section.sh_name >= names.size()) {
      elf.malformed("a section name lies outside the section-name table");
    }
    const std::string_view name(&names[section.sh_name]);  // the table ends with a '\0'
    if (section.sh_type != SHT_NOBITS) {
      elf.require_inside(section.sh_offset, section.sh_size, {"section", name});
    }
    if (section.sh_type == SHT_STRTAB) {
      check_string_table(elf, section, {"section", name});
    }
    if (section.sh_type == SHT_SYMTAB) {
      if (symbol_table != nullptr) {
        elf.malformed("more than one symbol table");
      }
      symbol_table = &section;
    }
    // The first match, as Boost.DLL's library_info takes it.
    if (name == symbol_section && !symbol_section_index) {
      symbol_section_index = index;
    }
    if (name == data_section) {
      if (data != nullptr) {
        elf.malformed(fmt::format("more than one section {}", name));
      }
      data = &section;
    }
  }

  // The entry points are looked up in .symtab, as library_info does (never in .dynsym), so a
  // stripped plugin would look like a file without entry points.
  if (symbol_table == nullptr) {
    elf.fail(
        "has no symbol table (.symtab): it was stripped, and retort finds a plugin's entry points "
        "in its symbol table before loading it; install plugins unstripped");
  }
  if (symbol_table->sh_entsize != sizeof(elf_symbol) || symbol_table->sh_size == 0 ||
      symbol_table->sh_size % sizeof(elf_symbol) != 0) {
    elf.malformed("its symbol table has a wrong entry size");
  }
  if (symbol_table->sh_link >= sections.size() ||
      sections[symbol_table->sh_link].sh_type != SHT_STRTAB) {
    elf.malformed("its symbol table names no string table");
  }
  const auto& symbol_names = sections[symbol_table->sh_link];

  // Local symbols come first, and sh_info is the index of the first one that is not (the ELF
  // specification's rule for SHT_SYMTAB); only those can be listed, so the locals, nearly all of
  // a plugin's symbols, are not read. A table that breaks the rule is read whole.
  const std::uint64_t symbol_count = symbol_table->sh_size / sizeof(elf_symbol);
  const std::uint64_t first_global =
      symbol_table->sh_info <= symbol_count ? symbol_table->sh_info : 0;
  plugin.section_symbols.clear();
  plugin.identity = elf.identity();
  for (const auto& symbol :
       elf.read<elf_symbol>(symbol_table->sh_offset + first_global * sizeof(elf_symbol),
                            symbol_count - first_global, "its symbol table")) {
    if (symbol.st_name >= symbol_names.sh_size) {
      elf.malformed("a symbol name lies outside the symbol string table");
    }
    // Boost.DLL's library_info lists only visible, global or weak, sized symbols.
    // (The same bit layout in ELF32 and ELF64.)
    const bool listed = (symbol.st_other & 0x3) == STV_DEFAULT &&
                        (symbol.st_info >> 4) != STB_LOCAL && symbol.st_size != 0;
    if (listed && symbol_section_index && symbol.st_shndx == *symbol_section_index) {
      auto name = elf.read_string(symbol_names.sh_offset + symbol.st_name,
                                  symbol_names.sh_offset + symbol_names.sh_size, "a symbol name");
      if (!name.empty()) {
        plugin.section_symbols.push_back(std::move(name));
      }
    }
  }

  if (data == nullptr) {
    plugin.section_data.reset();
    return;
  }
  if (!plugin.section_data) {
    plugin.section_data.emplace();
  }
  if (data->sh_type == SHT_NOBITS) {
    plugin.section_data->clear();
  } else {
    elf.read_into(*plugin.section_data, data->sh_offset, data->sh_size, {"section", data_section});
  }
}

}  // namespace retort::loader
