#include "scaffold/script.hpp"

#include <fmt/format.h>

#include "scaffold/naming.hpp"

namespace retort::scaffold {

namespace {

// Kept in step with docs/generator.md and with what `retort init` writes.
constexpr std::string_view builtin_template = R"tmpl(// ${message}
//
// Revision ID: ${revision}
// Revises: ${revises}
// Create Date: ${create_date}
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "${revision}",
    .down_revision = ${down_revision_list},
    .message = ${message_literal},
    .branch_labels = ${branch_labels},
    .depends_on = ${depends_on},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
${upgrades}
}

retort::operations downgrade() {
${downgrades}
}
)tmpl";

constexpr std::string_view placeholder_upgrades =
    R"(  // The operations that bring the schema to this revision, e.g.
  //   op::add_column("products", op::column("notes", op::type::text())),
  return {};)";

constexpr std::string_view placeholder_downgrades =
    R"(  // The operations that undo upgrade(), in reverse order.
  return {};)";

}  // namespace

std::string_view default_script_template() {
  return builtin_template;
}

std::string cpp_string_literal(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\{:03o}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

template_variables variables_of(const script_fields& fields) {
  std::string revises;
  for (const auto& down : fields.down_revision) {
    revises += (revises.empty() ? "" : ", ") + down;
  }
  return {
      {"revision", fields.revision},
      {"down_revision_list", cpp_list(fields.down_revision)},
      {"revises", revises},
      {"message", one_line(fields.message)},
      {"message_literal", cpp_string_literal(fields.message)},
      {"branch_labels", cpp_list(fields.branch_labels)},
      {"depends_on", cpp_list(fields.depends_on)},
      {"create_date", format_create_date(fields.create_date)},
      {"upgrades", fields.upgrades.empty() ? std::string(placeholder_upgrades) : fields.upgrades},
      {"downgrades",
       fields.downgrades.empty() ? std::string(placeholder_downgrades) : fields.downgrades},
      {"preamble", fields.preamble},
  };
}

std::string render_script(std::string_view template_text, std::string_view template_name,
                          const script_fields& fields) {
  return render_template(template_text, variables_of(fields), template_name);
}

std::string cpp_list(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    out += (out.size() == 1 ? "" : ", ") + cpp_string_literal(item);
  }
  return out + "}";
}

std::string one_line(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // CR LF is one break
    }
    out += text[i] == '\n' || text[i] == '\r' ? ' ' : text[i];
  }
  return out;
}

}  // namespace retort::scaffold
