#include "bundle/manifest.hpp"

#include <retort/plugin_abi.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle/bundle_error.hpp"

namespace retort::bundle {

namespace {

using json = nlohmann::ordered_json;

json direction_json(const rendered_direction& d) {
  json out = {{"renderable", d.renderable}};
  if (d.renderable) {
    out["sql"] = d.sql;
  } else {
    out["reason"] = d.reason;
  }
  out["operations"] = d.operations;
  if (!d.lint.empty()) {
    out["lint"] = lint_notes_json<json>(d.lint);
  }
  return out;
}

rendered_direction direction_from(const json& j) {
  rendered_direction d;
  d.renderable = j.at("renderable").get<bool>();
  if (d.renderable) {
    d.sql = j.at("sql").get<std::vector<std::string>>();
  } else {
    d.reason = j.at("reason").get<std::string>();
  }
  d.operations = j.at("operations").get<std::vector<std::string>>();
  d.lint = lint_notes_from(j, "lint");
  return d;
}

bool plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

}  // namespace

abi_identity current_abi_identity() {
  auto block = plugin_abi::current_abi();
  return {block.abi_version,
          std::string(block.compiler, strnlen(block.compiler, sizeof(block.compiler))),
          block.cxx11_string_abi, block.operation_size};
}

std::string to_json(const manifest& m) {
  json files = json::array();
  for (const auto& f : m.files) {
    files.push_back({{"name", f.name}, {"sha256", f.sha256}, {"size", f.size}});
  }
  json revisions = json::array();
  for (const auto& r : m.revisions) {
    const auto& md = r.metadata;
    revisions.push_back({{"revision", md.info.revision},
                         {"down_revisions", md.info.down_revisions},
                         {"branch_labels", md.info.branch_labels},
                         {"depends_on", md.info.depends_on},
                         {"replaces", md.info.replaces},
                         {"record_format", md.record_format},
                         {"message", md.info.message},
                         {"transactional", md.transactional},
                         {"plugin_file", md.plugin_file},
                         {"source_file", md.source_file},
                         {"source_sha256", r.source_sha256 ? json(*r.source_sha256) : json()},
                         {"upgrade", direction_json(r.upgrade)},
                         {"downgrade", direction_json(r.downgrade)}});
  }
  json doc = {{"format", "retort-bundle"},
              {"format_version", m.format_version},
              {"retort_version", m.retort_version},
              {"plugin_abi",
               {{"version", m.abi.abi_version},
                {"compiler", m.abi.compiler},
                {"cxx11_string_abi", m.abi.cxx11_string_abi},
                {"operation_size", m.abi.operation_size}}},
              {"files", files},
              {"revisions", revisions}};
  return doc.dump(2) + "\n";
}

manifest parse_manifest(std::string_view text, std::string_view origin) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw bundle_error(fmt::format("{}: {} is not valid JSON", origin, manifest_file));
  }
  if (doc.value("format", "") != "retort-bundle") {
    throw bundle_error(
        fmt::format("{}: {} is not a retort bundle manifest", origin, manifest_file));
  }
  manifest m;
  try {
    m.format_version = doc.at("format_version").get<int>();
    if (m.format_version != manifest_format_version) {
      throw bundle_error(fmt::format(
          "{}: the manifest has format version {}, this retort reads version {}; use the retort "
          "that packed it",
          origin, m.format_version, manifest_format_version));
    }
    m.retort_version = doc.at("retort_version").get<std::string>();
    const auto& abi = doc.at("plugin_abi");
    m.abi = {abi.at("version").get<std::uint32_t>(), abi.at("compiler").get<std::string>(),
             abi.at("cxx11_string_abi").get<std::uint32_t>(),
             abi.at("operation_size").get<std::uint32_t>()};
    for (const auto& f : doc.at("files")) {
      bundled_file file{f.at("name").get<std::string>(), f.at("sha256").get<std::string>(),
                        f.at("size").get<std::uint64_t>()};
      if (!plain_name(file.name) || file.name == manifest_file || file.name == signature_file) {
        throw bundle_error(
            fmt::format("{}: the manifest lists the file `{}`, which a bundle "
                        "cannot hold",
                        origin, file.name));
      }
      m.files.push_back(std::move(file));
    }
    for (const auto& r : doc.at("revisions")) {
      bundled_revision rev;
      auto& md = rev.metadata;
      md.info.revision = r.at("revision").get<std::string>();
      md.info.down_revisions = r.at("down_revisions").get<std::vector<std::string>>();
      md.info.branch_labels = r.at("branch_labels").get<std::vector<std::string>>();
      md.info.depends_on = r.at("depends_on").get<std::vector<std::string>>();
      // Manifests packed before squash existed have neither key; their plugins are format 2.
      md.info.replaces = r.value("replaces", std::vector<std::string>{});
      md.record_format = r.value("record_format", std::uint32_t{2});
      md.info.message = r.at("message").get<std::string>();
      md.transactional = r.at("transactional").get<bool>();
      md.plugin_file = r.at("plugin_file").get<std::string>();
      md.source_file = r.at("source_file").get<std::string>();
      md.info.source = md.source_file;
      if (const auto& s = r.at("source_sha256"); !s.is_null()) {
        rev.source_sha256 = s.get<std::string>();
        // The build's checksum, which the loader and the history table compare.
        md.source_checksum = *rev.source_sha256;
      }
      rev.upgrade = direction_from(r.at("upgrade"));
      rev.downgrade = direction_from(r.at("downgrade"));
      bool listed = false;
      for (const auto& f : m.files) {
        listed = listed || f.name == md.plugin_file;
      }
      if (!listed) {
        throw bundle_error(
            fmt::format("{}: revision {} is said to be in {}, which the manifest does not list",
                        origin, md.info.revision, md.plugin_file));
      }
      m.revisions.push_back(std::move(rev));
    }
  } catch (const nlohmann::json::exception& e) {
    throw bundle_error(fmt::format("{}: {} is malformed: {}", origin, manifest_file, e.what()));
  }
  return m;
}

}  // namespace retort::bundle
