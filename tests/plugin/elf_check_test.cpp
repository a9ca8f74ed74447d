// Damaged copies of a good plugin: each is refused with a sentence naming the damage, before any
// of its code runs, by the loader and by the metadata reader alike.
#include <elf.h>
#include <link.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/errors.hpp>

#include "loader/plugin_loader.hpp"
#include "plugin/elf_bytes.hpp"
#include "plugin/plugin_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using retort::plugin_test::bytes;
using retort::plugin_test::get;
using retort::plugin_test::header;
using retort::plugin_test::put;
using retort::plugin_test::section_offset;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::size_t find_section(const bytes& data, std::uint32_t type) {
  for (std::size_t i = 0; i < header(data).e_shnum; ++i) {
    if (get<ElfW(Shdr)>(data, section_offset(data, i)).sh_type == type) {
      return i;
    }
  }
  throw std::logic_error("the good plugin lacks a section this test damages");
}

class elf_check : public ::testing::Test {
 protected:
  // Loads a copy of good/alpha.so changed by `damage`; returns why it was refused. Reading its
  // metadata must be refused with the same sentence.
  retort::plugin_error refusal(const std::function<void(bytes&)>& damage) {
    bytes data =
        retort::plugin_test::read_bytes(retort::plugin_test::scenario("good") / "alpha.so");
    damage(data);
    file_ = dir_.path() / "damaged.so";
    retort::plugin_test::write_bytes(file_, data);
    try {
      auto migrations = retort::load_plugin_file(file_);
      ADD_FAILURE() << "loaded " << migrations.size() << " migrations from the damaged copy";
    } catch (const retort::plugin_error& e) {
      EXPECT_EQ(e.file(), file_.string());
      try {
        auto metadata = retort::read_plugin_metadata_file(file_);
        ADD_FAILURE() << "read " << metadata.size() << " records from the damaged copy";
      } catch (const retort::plugin_error& read) {
        EXPECT_STREQ(read.what(), e.what());
      }
      return e;
    }
    throw std::logic_error("the damaged copy was loaded");
  }

  // The message without the file name in front.
  std::string reason(const retort::plugin_error& e) const {
    std::string what = e.what();
    EXPECT_THAT(what, StartsWith(file_.string() + ": "));
    return what.substr(file_.string().size() + 2);
  }

  retort::plugin_test::temp_directory dir_;
  fs::path file_;
};

TEST_F(elf_check, refuses_an_empty_file) {
  auto e = refusal([](bytes& data) { data.clear(); });
  EXPECT_EQ(reason(e),
            "not a shared library (not an ELF file); build plugins with retort_add_migrations()");
}

TEST_F(elf_check, refuses_a_file_cut_inside_its_elf_header) {
  auto e = refusal([](bytes& data) { data.resize(20); });
  EXPECT_EQ(
      reason(e),
      "truncated: the file has 20 bytes, fewer than an ELF header; rebuild the plugin or copy "
      "it again");
}

TEST_F(elf_check, refuses_a_library_for_another_word_size) {
  auto e = refusal(
      [](bytes& data) { data[EI_CLASS] = __ELF_NATIVE_CLASS == 64 ? ELFCLASS32 : ELFCLASS64; });
  EXPECT_THAT(reason(e), StartsWith(__ELF_NATIVE_CLASS == 64
                                        ? "built for 32-bit machines, this runtime is 64-bit"
                                        : "built for 64-bit machines, this runtime is 32-bit"));
}

TEST_F(elf_check, refuses_a_library_for_another_byte_order) {
  auto e = refusal([](bytes& data) {
    data[EI_DATA] = data[EI_DATA] == ELFDATA2LSB ? ELFDATA2MSB : ELFDATA2LSB;
  });
  EXPECT_THAT(reason(e), HasSubstr("endian machines, this runtime is"));
}

TEST_F(elf_check, refuses_an_object_file) {
  auto e =
      refusal([](bytes& data) { put<std::uint16_t>(data, offsetof(ElfW(Ehdr), e_type), ET_REL); });
  EXPECT_EQ(reason(e),
            "not a shared library but an object file (ELF type ET_REL); build plugins with "
            "retort_add_migrations()");
}

TEST_F(elf_check, refuses_a_library_for_another_machine) {
  const bool x86_64 =
      header(retort::plugin_test::read_bytes(retort::plugin_test::scenario("good") / "alpha.so"))
          .e_machine == EM_X86_64;
  auto e = refusal([&](bytes& data) {
    put<std::uint16_t>(data, offsetof(ElfW(Ehdr), e_machine), x86_64 ? EM_AARCH64 : EM_X86_64);
  });
  if (x86_64) {
    EXPECT_EQ(
        reason(e),
        "built for AArch64, this runtime runs on x86-64; rebuild the plugin for this machine");
  } else {
    EXPECT_THAT(reason(e), StartsWith("built for x86-64, this runtime runs on "));
  }
}

TEST_F(elf_check, refuses_section_headers_past_the_end) {
  std::uint64_t size = 0;
  auto e = refusal([&](bytes& data) {
    size = data.size();
    put<ElfW(Off)>(data, offsetof(ElfW(Ehdr), e_shoff), size);
  });
  EXPECT_THAT(reason(e), StartsWith("truncated or corrupt: its section header table ("));
  EXPECT_THAT(reason(e), HasSubstr("bytes at offset " + std::to_string(size) +
                                   ") lies past the end of the file (" + std::to_string(size) +
                                   " bytes); rebuild the plugin or copy it again"));
}

TEST_F(elf_check, refuses_a_loadable_segment_past_the_end) {
  auto e = refusal([](bytes& data) {
    auto h = header(data);
    for (std::size_t i = 0; i < h.e_phnum; ++i) {
      auto at = h.e_phoff + i * sizeof(ElfW(Phdr));
      auto segment = get<ElfW(Phdr)>(data, at);
      if (segment.p_type == PT_LOAD) {
        segment.p_filesz = data.size();
        segment.p_offset = 4096;
        put(data, at, segment);
        return;
      }
    }
  });
  EXPECT_THAT(reason(e), StartsWith("truncated or corrupt: a loadable segment ("));
}

TEST_F(elf_check, refuses_a_file_without_section_headers) {
  auto e = refusal([](bytes& data) { put<ElfW(Off)>(data, offsetof(ElfW(Ehdr), e_shoff), 0); });
  EXPECT_THAT(reason(e), StartsWith("has no section headers"));
}

// Boost.DLL 1.74's library_info crashes (SIGSEGV) on this one.
TEST_F(elf_check, refuses_section_names_outside_the_name_table) {
  auto e = refusal([](bytes& data) {
    for (std::size_t i = 1; i < header(data).e_shnum; ++i) {
      put<std::uint32_t>(data, section_offset(data, i) + offsetof(ElfW(Shdr), sh_name), 0x7ffffff0);
    }
  });
  EXPECT_EQ(reason(e),
            "malformed ELF file: a section name lies outside the section-name table; rebuild the "
            "plugin");
}

// Boost.DLL 1.74's library_info throws std::bad_alloc on this one.
TEST_F(elf_check, refuses_a_section_name_table_larger_than_the_file) {
  auto e = refusal([](bytes& data) {
    auto names = section_offset(data, header(data).e_shstrndx);
    put<ElfW(Xword)>(data, names + offsetof(ElfW(Shdr), sh_size), 0x7fffffffffffULL);
  });
  EXPECT_THAT(reason(e), StartsWith("truncated or corrupt: its section-name table ("));
}

TEST_F(elf_check, refuses_symbol_names_outside_the_string_table) {
  auto e = refusal([](bytes& data) {
    auto symtab = get<ElfW(Shdr)>(data, section_offset(data, find_section(data, SHT_SYMTAB)));
    auto last = symtab.sh_offset + symtab.sh_size - sizeof(ElfW(Sym));
    put<std::uint32_t>(data, last + offsetof(ElfW(Sym), st_name), 0x7ffffff0);
  });
  EXPECT_EQ(reason(e),
            "malformed ELF file: a symbol name lies outside the symbol string table; rebuild the "
            "plugin");
}

}  // namespace
