#include "bundle/bundle_files.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "bundle/bundle_error.hpp"

namespace retort::bundle {

namespace {

namespace fs = std::filesystem;

// A few GiB of plugins is a mistake, not a bundle; the limit keeps a hostile archive from
// exhausting memory.
constexpr std::uint64_t max_bundle_bytes = 4ULL << 30U;

struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

std::string what_kind(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISLNK(mode))
    return "a symbolic link";
  if (S_ISFIFO(mode))
    return "a FIFO";
  return "not a regular file";
}

std::string read_all(int fd, const std::string& name) {
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    auto n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw bundle_error(fmt::format("{}: cannot be read: {}", name, std::strerror(errno)));
    }
    if (n == 0) {
      return out;
    }
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > max_bundle_bytes) {
      throw bundle_error(fmt::format("{}: larger than a bundle may be", name));
    }
  }
}

bundle_contents read_directory(const fs::path& directory) {
  bundle_contents out{directory.string(), {}};
  int dfd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    throw bundle_error(fmt::format("{}: cannot open the bundle directory: {}", directory.string(),
                                   std::strerror(errno)));
  }
  DIR* dir = ::fdopendir(dfd);
  if (dir == nullptr) {
    ::close(dfd);
    throw bundle_error(fmt::format("{}: cannot list the bundle directory", directory.string()));
  }
  std::unique_ptr<DIR, int (*)(DIR*)> closer(dir, ::closedir);
  while (const dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    auto shown = (directory / name).string();
    // Opened relative to the directory already open, without following links: what is read is
    // the entry that was listed.
    fd_closer file{::openat(dfd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)};
    struct stat st {};
    if (file.fd < 0 || ::fstat(file.fd, &st) != 0) {
      struct stat lst {};
      if (::fstatat(dfd, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(lst.st_mode)) {
        throw bundle_error(
            fmt::format("{}: {}, which a bundle cannot hold; a bundle holds only "
                        "the files its manifest lists",
                        shown, what_kind(lst.st_mode)));
      }
      throw bundle_error(fmt::format("{}: cannot be opened: {}", shown, std::strerror(errno)));
    }
    if (!S_ISREG(st.st_mode)) {
      throw bundle_error(
          fmt::format("{}: {}, which a bundle cannot hold; a bundle holds only the "
                      "files its manifest lists",
                      shown, what_kind(st.st_mode)));
    }
    out.files.emplace(name, read_all(file.fd, shown));
  }
  return out;
}

struct archive_reader {
  archive* a = archive_read_new();
  ~archive_reader() { archive_read_free(a); }
};

bundle_contents read_archive(const fs::path& file) {
  bundle_contents out{file.string(), {}};
  archive_reader reader;
  archive* a = reader.a;
  // Only what `bundle pack` writes: tar, plain or gzip-compressed.
  archive_read_support_filter_gzip(a);
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, file.c_str(), 1 << 16) != ARCHIVE_OK) {
    throw bundle_error(fmt::format("{}: cannot be read as a bundle archive (.tar.gz): {}",
                                   file.string(), archive_error_string(a)));
  }
  std::uint64_t total = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    int status = archive_read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) {
      break;
    }
    if (status != ARCHIVE_OK) {
      throw bundle_error(
          fmt::format("{}: damaged archive: {}", file.string(), archive_error_string(a)));
    }
    std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    if (name.starts_with("./")) {
      name.erase(0, 2);
    }
    if ((name.empty() || name == ".") && archive_entry_filetype(entry) == AE_IFDIR) {
      continue;  // the archive's own top, as `tar -czf B.tar.gz -C DIR .` writes it
    }
    auto shown = fmt::format("{}: entry {}", file.string(), name);
    if (archive_entry_filetype(entry) != AE_IFREG) {
      throw bundle_error(
          fmt::format("{}: not a regular file; a bundle holds only the files its "
                      "manifest lists",
                      shown));
    }
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
      throw bundle_error(fmt::format("{}: not a plain file name; bundle archives are flat", shown));
    }
    if (!archive_entry_size_is_set(entry) || archive_entry_size(entry) < 0) {
      throw bundle_error(fmt::format("{}: has no size", shown));
    }
    auto size = static_cast<std::uint64_t>(archive_entry_size(entry));
    total += size;
    if (total > max_bundle_bytes) {
      throw bundle_error(fmt::format("{}: larger than a bundle may be", file.string()));
    }
    std::string bytes(size, '\0');
    auto got = size == 0 ? 0 : archive_read_data(a, bytes.data(), bytes.size());
    if (got < 0 || static_cast<std::uint64_t>(got) != size) {
      throw bundle_error(fmt::format("{}: truncated", shown));
    }
    if (!out.files.emplace(name, std::move(bytes)).second) {
      throw bundle_error(fmt::format("{}: appears twice in the archive", shown));
    }
  }
  return out;
}

void write_file(const fs::path& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    throw bundle_error(
        fmt::format("{}: cannot be created: {}", path.string(), std::strerror(errno)));
  }
  fd_closer closer{fd};
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw bundle_error(
          fmt::format("{}: cannot be written: {}", path.string(), std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
}

void refuse_existing(const fs::path& path) {
  if (fs::exists(fs::symlink_status(path))) {
    throw bundle_error(
        fmt::format("{}: exists already; choose another output or remove it", path.string()));
  }
}

}  // namespace

bundle_contents read_bundle(const fs::path& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    throw bundle_error(
        fmt::format("{}: no such bundle (a directory or a .tar.gz archive)", path.string()));
  }
  if (fs::is_directory(status)) {
    return read_directory(path);
  }
  if (fs::is_regular_file(status)) {
    return read_archive(path);
  }
  throw bundle_error(fmt::format("{}: neither a bundle directory nor an archive", path.string()));
}

void write_bundle_directory(const fs::path& directory, const file_map& files) {
  refuse_existing(directory);
  std::error_code ec;
  if (!fs::create_directory(directory, ec) || ec) {
    throw bundle_error(fmt::format("{}: cannot create the bundle directory: {}", directory.string(),
                                   ec.message()));
  }
  for (const auto& [name, bytes] : files) {
    write_file(directory / name, bytes);
  }
}

void write_bundle_archive(const fs::path& archive_path, const file_map& files) {
  refuse_existing(archive_path);
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  archive_write_add_filter_gzip(a.get());
  archive_write_set_format_pax_restricted(a.get());
  // No time stamp in the gzip header: the same plugins give the same archive.
  archive_write_set_options(a.get(), "gzip:!timestamp");
  if (archive_write_open_filename(a.get(), archive_path.c_str()) != ARCHIVE_OK) {
    throw bundle_error(fmt::format("{}: cannot be created: {}", archive_path.string(),
                                   archive_error_string(a.get())));
  }
  for (const auto& [name, bytes] : files) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                   archive_entry_free);
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_mtime(entry.get(), 0, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK ||
        archive_write_data(a.get(), bytes.data(), bytes.size()) !=
            static_cast<la_ssize_t>(bytes.size())) {
      throw bundle_error(fmt::format("{}: cannot write {}: {}", archive_path.string(), name,
                                     archive_error_string(a.get())));
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    throw bundle_error(fmt::format("{}: cannot be completed: {}", archive_path.string(),
                                   archive_error_string(a.get())));
  }
}

}  // namespace retort::bundle
