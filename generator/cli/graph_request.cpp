#include "cli/graph_request.hpp"

#include <array>
#include <utility>

#include "cli/graph_commands.hpp"

namespace retort::cli {

namespace {

// The options this reader takes, each with its spellings: `--name VALUE`, `--name=VALUE`, and
// the short one (`-p VALUE`), where there is one.
struct value_option {
  std::string_view long_name;
  std::string_view short_name;
  std::string flags::*field;
};

constexpr std::array global_options{
    value_option{"--url", "", &flags::url},
    value_option{"--plugins", "-p", &flags::plugins},
    value_option{"--config", "-c", &flags::config_file},
    value_option{"--env", "", &flags::environment},
    value_option{"--version-table", "", &flags::version_table},
    value_option{"--version-table-schema", "", &flags::version_table_schema},
};

class argument_reader {
 public:
  explicit argument_reader(const std::vector<std::string_view>& arguments)
      : arguments_(arguments) {}

  [[nodiscard]] bool done() const { return at_ == arguments_.size(); }
  [[nodiscard]] std::string_view peek() const { return arguments_[at_]; }
  std::string_view next() { return arguments_[at_++]; }

  // The value of `long_name`/`short_name` when the next argument is that option; consumes it.
  // Empty when it is another argument; an empty value is refused too (the full command judges).
  std::optional<std::string> value_of(std::string_view long_name, std::string_view short_name) {
    const auto argument = peek();
    if (argument == long_name || (!short_name.empty() && argument == short_name)) {
      if (at_ + 1 == arguments_.size() || arguments_[at_ + 1].starts_with('-') ||
          arguments_[at_ + 1].empty()) {
        return std::nullopt;
      }
      at_ += 2;
      return std::string(arguments_[at_ - 1]);
    }
    if (argument.size() > long_name.size() + 1 && argument.starts_with(long_name) &&
        argument[long_name.size()] == '=') {
      ++at_;
      return std::string(argument.substr(long_name.size() + 1));
    }
    return std::nullopt;
  }

 private:
  const std::vector<std::string_view>& arguments_;
  std::size_t at_ = 0;
};

bool is_flag(std::string_view argument, std::string_view long_name, std::string_view short_name) {
  return argument == long_name || (!short_name.empty() && argument == short_name);
}

// Each option at most once, as the full command would take it; a second one is its business.
bool read_global_options(argument_reader& in, flags& given) {
  std::array<bool, global_options.size()> seen{};
  while (!in.done() && in.peek().starts_with('-')) {
    if (in.peek() == "--single-transaction" && !given.single_transaction) {
      given.single_transaction = true;
      in.next();
      continue;
    }
    bool known = false;
    for (std::size_t i = 0; i < global_options.size() && !known; ++i) {
      const auto& option = global_options[i];
      if (auto value = in.value_of(option.long_name, option.short_name)) {
        if (seen[i]) {
          return false;
        }
        seen[i] = known = true;
        given.*option.field = std::move(*value);
      }
    }
    if (!known) {
      return false;
    }
  }
  return true;
}

std::optional<graph_request::verb> verb_named(std::string_view name) {
  using verb = graph_request::verb;
  if (name == "heads") {
    return verb::heads;
  }
  if (name == "branches") {
    return verb::branches;
  }
  if (name == "history") {
    return verb::history;
  }
  if (name == "show") {
    return verb::show;
  }
  if (name == "current") {
    return verb::current;
  }
  if (name == "upgrade") {
    return verb::upgrade_sql;
  }
  if (name == "downgrade") {
    return verb::downgrade_sql;
  }
  return std::nullopt;
}

// A script's `[start:]end`, as long as neither names `current` (the database's revision, which
// a script has no database to read) and nothing could be taken for an option (`downgrade -1`).
bool is_script_target(std::string_view target) {
  if (target.empty() || target.starts_with('-')) {
    return false;
  }
  return target != "current" && !mentions_current(std::string(target));
}

// `upgrade` and `downgrade` are answered only as offline scripts: `--sql`, one target, and
// `--single-transaction` again after the verb, as the full command takes it there too.
bool read_script_arguments(argument_reader& in, graph_request& request) {
  bool sql = false;
  while (!in.done()) {
    const auto argument = in.peek();
    if (argument == "--sql" && !sql) {
      sql = true;
    } else if (argument == "--single-transaction" && !request.given.single_transaction) {
      request.given.single_transaction = true;
    } else if (request.target.empty() && is_script_target(argument)) {
      request.target = std::string(argument);
    } else {
      return false;
    }
    in.next();
  }
  return sql && !request.target.empty();
}

bool read_verb_arguments(argument_reader& in, graph_request& request) {
  using verb = graph_request::verb;
  bool range_given = false;
  while (!in.done()) {
    const auto argument = in.peek();
    if (request.what != verb::show && is_flag(argument, "--verbose", "-v")) {
      request.verbose = true;
      in.next();
    } else if (request.what == verb::heads && argument == "--resolve-dependencies") {
      request.resolve_dependencies = true;
      in.next();
    } else if (request.what == verb::current && argument == "--check-heads") {
      request.check_heads = true;
      in.next();
    } else if (request.what == verb::history && !range_given) {
      auto range = in.value_of("--rev-range", "-r");
      if (!range || mentions_current(*range)) {
        return false;
      }
      request.range = std::move(*range);
      range_given = true;
    } else if (request.what == verb::show && request.target.empty() && !argument.starts_with('-') &&
               !argument.empty() && argument != "current") {
      request.target = std::string(in.next());
    } else {
      return false;
    }
  }
  return request.what != verb::show || !request.target.empty();
}

}  // namespace

std::optional<graph_request> graph_request_of(const std::vector<std::string_view>& arguments) {
  argument_reader in(arguments);
  graph_request request;
  if (!read_global_options(in, request.given) || in.done()) {
    return std::nullopt;
  }
  auto what = verb_named(in.next());
  if (!what) {
    return std::nullopt;
  }
  request.what = *what;
  const bool script = request.what == graph_request::verb::upgrade_sql ||
                      request.what == graph_request::verb::downgrade_sql;
  if (!(script ? read_script_arguments(in, request) : read_verb_arguments(in, request))) {
    return std::nullopt;
  }
  return request;
}

}  // namespace retort::cli
