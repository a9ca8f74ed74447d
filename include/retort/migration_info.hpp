#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace retort {

/// A short list of revision ids or labels, usable in a `constexpr` migration header.
///
/// (`std::initializer_list` members cannot live in a constexpr object with g++ 12, so the ids are
/// copied into fixed storage of `Capacity` entries.)
template <std::size_t Capacity>
class basic_id_list {
 public:
  static constexpr std::size_t capacity = Capacity;

  constexpr basic_id_list() = default;
  constexpr basic_id_list(std::initializer_list<std::string_view> ids) {  // NOLINT: implicit
    if (ids.size() > capacity) {
      throw "retort: more ids in one list than it can hold (32; 128 in .replaces)";
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

/// Parents, labels, dependencies: 32 parents for one merge is more than any real history needs.
using id_list = basic_id_list<32>;
/// The revisions one squash replaces. Every header carries the storage, so it stays modest;
/// a longer history is squashed in steps (a squash may replace a squash).
using replaced_list = basic_id_list<128>;

/// The header of one migration, with Alembic's field names.
struct migration_info {
  std::string_view revision;
  id_list down_revision{};  ///< {} for a base; two or more ids make a merge
  std::string_view message{};
  id_list branch_labels{};
  id_list depends_on{};
  bool transactional = true;  ///< false for `CREATE INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`
  /// The revisions a squash revision stands for, oldest first (written by `retort squash`): a
  /// database whose version table holds one of them is carried forward by this revision.
  replaced_list replaces{};
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
inline void replaces_must_list_1_to_64_letters_digits_or_underscores() {}
inline void revision_must_not_replace_itself_or_its_down_revision() {}
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
  for (auto id : info.replaces) {
    if (!is_valid_revision_id(id)) {
      replaces_must_list_1_to_64_letters_digits_or_underscores();
    }
    if (id == info.revision) {
      revision_must_not_replace_itself_or_its_down_revision();
    }
    for (auto down : info.down_revision) {
      if (id == down) {
        revision_must_not_replace_itself_or_its_down_revision();
      }
    }
  }
  if (info.message.empty()) {
    message_must_not_be_empty();
  }
  return true;
}
}  // namespace detail

}  // namespace retort
