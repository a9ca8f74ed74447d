#include "bundle/plan_document.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "bundle/bundle_error.hpp"

namespace retort::bundle {

namespace {

using json = nlohmann::ordered_json;

std::string direction_name(plan::direction dir) {
  return dir == plan::direction::upgrade ? "upgrade" : "downgrade";
}

std::string listed(const std::vector<std::string>& heads) {
  return heads.empty() ? std::string("base") : fmt::format("{}", fmt::join(heads, ", "));
}

std::string step_line(const plan::migration_step& s) {
  return fmt::format("{} {}", direction_name(s.dir), s.revision);
}

}  // namespace

std::vector<planned_step> describe_steps(const manifest& m,
                                         const std::vector<plan::migration_step>& steps) {
  std::map<std::string, const bundled_revision*> by_id;
  for (const auto& r : m.revisions) {
    by_id.emplace(r.metadata.info.revision, &r);
  }
  std::vector<planned_step> out;
  for (const auto& s : steps) {
    const auto& r = *by_id.at(s.revision);
    auto rendered = s.dir == plan::direction::upgrade ? r.upgrade : r.downgrade;
    if (!s.resume_after.empty()) {
      // The manifest renders the whole squash; this step runs only its tail, so showing the
      // whole would misstate what runs.
      rendered = {.renderable = false,
                  .sql = {},
                  .operations = {},
                  .reason = fmt::format("the database is at {}, which this squash replaces: only "
                                        "the operations after op::squash_point(\"{}\") run",
                                        s.resume_after, s.resume_after),
                  .lint = {}};
    }
    out.push_back({s, r.metadata.info.message, r.metadata.transactional, std::move(rendered)});
  }
  return out;
}

std::string to_json(const plan_document& plan) {
  json steps = json::array();
  for (const auto& p : plan.steps) {
    json step = {{"revision", p.step.revision},
                 {"direction", direction_name(p.step.dir)},
                 {"heads_removed", p.step.heads_removed},
                 {"heads_added", p.step.heads_added},
                 {"message", p.message},
                 {"transactional", p.transactional},
                 {"renderable", p.rendered.renderable}};
    if (!p.step.resume_after.empty()) {
      step["resume_after"] = p.step.resume_after;
    }
    if (p.rendered.renderable) {
      step["sql"] = p.rendered.sql;
    } else {
      step["reason"] = p.rendered.reason;
    }
    step["operations"] = p.rendered.operations;
    if (!p.rendered.lint.empty()) {
      step["lint"] = lint_notes_json<json>(p.rendered.lint);
    }
    steps.push_back(std::move(step));
  }
  json doc = {{"format", "retort-plan"},
              {"format_version", plan.format_version},
              {"retort_version", plan.retort_version},
              {"bundle_identity", plan.bundle_identity},
              {"database", plan.database},
              {"version_table", plan.version_table},
              {"target", plan.target},
              {"heads", plan.heads},
              {"steps", steps}};
  return doc.dump(2) + "\n";
}

plan_document parse_plan(std::string_view text, std::string_view origin) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "retort-plan") {
    throw bundle_error(fmt::format("{}: not a retort plan (plan.json)", origin));
  }
  plan_document plan;
  try {
    plan.format_version = doc.at("format_version").get<int>();
    if (plan.format_version != plan_format_version) {
      throw bundle_error(fmt::format("{}: plan format version {}, this retort reads {}", origin,
                                     plan.format_version, plan_format_version));
    }
    plan.retort_version = doc.at("retort_version").get<std::string>();
    plan.bundle_identity = doc.at("bundle_identity").get<std::string>();
    plan.database = doc.at("database").get<std::string>();
    plan.version_table = doc.at("version_table").get<std::string>();
    plan.target = doc.at("target").get<std::string>();
    plan.heads = doc.at("heads").get<std::vector<std::string>>();
    for (const auto& s : doc.at("steps")) {
      planned_step p;
      p.step.revision = s.at("revision").get<std::string>();
      auto dir = s.at("direction").get<std::string>();
      if (dir != "upgrade" && dir != "downgrade") {
        throw bundle_error(
            fmt::format("{}: step {} has direction `{}`", origin, p.step.revision, dir));
      }
      p.step.dir = dir == "upgrade" ? plan::direction::upgrade : plan::direction::downgrade;
      p.step.heads_removed = s.at("heads_removed").get<std::vector<std::string>>();
      p.step.heads_added = s.at("heads_added").get<std::vector<std::string>>();
      p.step.resume_after = s.value("resume_after", std::string());
      p.message = s.at("message").get<std::string>();
      p.transactional = s.at("transactional").get<bool>();
      p.rendered.renderable = s.at("renderable").get<bool>();
      if (p.rendered.renderable) {
        p.rendered.sql = s.at("sql").get<std::vector<std::string>>();
      } else {
        p.rendered.reason = s.at("reason").get<std::string>();
      }
      p.rendered.operations = s.at("operations").get<std::vector<std::string>>();
      p.rendered.lint = lint_notes_from(s, "lint");
      plan.steps.push_back(std::move(p));
    }
  } catch (const nlohmann::json::exception& e) {
    throw bundle_error(fmt::format("{}: malformed plan: {}", origin, e.what()));
  }
  return plan;
}

std::vector<std::string> plan_drift(const plan_document& plan, std::string_view bundle_identity,
                                    std::string_view version_table,
                                    std::vector<std::string> heads_now,
                                    const std::vector<plan::migration_step>& steps_now) {
  std::vector<std::string> out;
  if (plan.bundle_identity != bundle_identity) {
    out.push_back(fmt::format(
        "the bundle is not the one the plan was made from: its manifest SHA-256 is {}, the plan "
        "names {}",
        bundle_identity, plan.bundle_identity));
  }
  if (plan.version_table != version_table) {
    out.push_back(fmt::format("the version table is {}, the plan was made for {}", version_table,
                              plan.version_table));
  }
  std::sort(heads_now.begin(), heads_now.end());
  auto planned_heads = plan.heads;
  std::sort(planned_heads.begin(), planned_heads.end());
  if (heads_now != planned_heads) {
    out.push_back(fmt::format(
        "the database is at {}, but the plan was made when it was at {}: someone changed it "
        "since; make a new plan",
        listed(heads_now), listed(planned_heads)));
  }
  if (out.empty()) {
    std::vector<plan::migration_step> planned;
    for (const auto& p : plan.steps) {
      planned.push_back(p.step);
    }
    if (planned != steps_now) {
      auto [a, b] =
          std::mismatch(planned.begin(), planned.end(), steps_now.begin(), steps_now.end());
      out.push_back(fmt::format(
          "the run would take other steps than the plan: at step {} the "
          "plan says {}, the run would {}",
          (a - planned.begin()) + 1, a == planned.end() ? "nothing more" : step_line(*a),
          b == steps_now.end() ? "stop" : step_line(*b)));
    }
  }
  return out;
}

}  // namespace retort::bundle
