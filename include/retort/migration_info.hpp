#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace retort {

/// A short list of revision ids or labels, usable in a `constexpr` migration header.
///
/// (`std::initializer_list` members cannot live in a constexpr object with g++ 12, so the ids are
/// copied into fixed storage; 32 parents for one merge is more than any real history needs.)
class id_list {
 public:
  static constexpr std::size_t capacity = 32;

  constexpr id_list() = default;
  constexpr id_list(std::initializer_list<std::string_view> ids) {  // NOLINT: implicit on purpose
    if (ids.size() > capacity) {
      throw "retort: at most 32 ids in one list";
    }
    for (auto id : ids) {
      items_[size_++] = id;
    }
  }
  [[nodiscard]] constexpr const std::string_view* begin() const { return items_.data(); }
  [[nodiscard]] constexpr const std::string_view* end() const { return items_.data() + size_; }
  [[nodiscard]] constexpr std::size_t size() const { return size_; }
  [[nodiscard]] constexpr bool empty() const { return size_ == 0; }

 private:
  std::array<std::string_view, capacity> items_{};
  std::size_t size_ = 0;
};

/// The header of one migration, with Alembic's field names.
struct migration_info {
  std::string_view revision;
  id_list down_revision{};  ///< {} for a base; two or more ids make a merge
  std::string_view message{};
  id_list branch_labels{};
  id_list depends_on{};
  bool transactional = true;  ///< false for `CREATE INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`
};

/// Whether `id` may be used as a revision id or branch label: letters, digits and `_`, at most
/// 64 characters. `@ - + :` are excluded because they are target syntax (`label@head`, `-1`).
constexpr bool is_valid_revision_id(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (char c : id) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

namespace detail {
// Non-constexpr on purpose: reaching one while checking a RETORT_MIGRATION header at compile time
// is the compile error, and its name is the message.
inline void revision_id_must_be_1_to_64_letters_digits_or_underscores() {}
inline void down_revision_must_be_1_to_64_letters_digits_or_underscores() {}
inline void branch_label_must_be_1_to_64_letters_digits_or_underscores() {}
inline void depends_on_must_be_1_to_64_letters_digits_or_underscores() {}
inline void revision_must_not_name_itself_as_down_revision() {}
inline void message_must_not_be_empty() {}

constexpr bool check_migration_info(const migration_info& info) {
  if (!is_valid_revision_id(info.revision)) {
    revision_id_must_be_1_to_64_letters_digits_or_underscores();
  }
  for (auto id : info.down_revision) {
    if (!is_valid_revision_id(id)) {
      down_revision_must_be_1_to_64_letters_digits_or_underscores();
    }
    if (id == info.revision) {
      revision_must_not_name_itself_as_down_revision();
    }
  }
  for (auto label : info.branch_labels) {
    if (!is_valid_revision_id(label)) {
      branch_label_must_be_1_to_64_letters_digits_or_underscores();
    }
  }
  for (auto id : info.depends_on) {
    if (!is_valid_revision_id(id)) {
      depends_on_must_be_1_to_64_letters_digits_or_underscores();
    }
  }
  if (info.message.empty()) {
    message_must_not_be_empty();
  }
  return true;
}
}  // namespace detail

}  // namespace retort
