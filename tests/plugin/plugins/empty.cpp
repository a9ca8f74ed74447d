// A plugin without migrations: its metadata section holds only the plugin record.
namespace {
[[maybe_unused]] constexpr int nothing_here = 0;
}  // namespace
