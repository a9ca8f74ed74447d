#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/config.hpp"
#include "scaffold/revision.hpp"

/// The verbs that write migration sources; thin, as those of commands.hpp: the work is in
/// generator/scaffold.
namespace retort::cli {

/// `retort revision`: writes the file, prints its path, runs the post-write hooks.
void revision(const settings& s, const scaffold::revision_request& request, std::ostream& out);
/// `retort merge`: as `revision`, for the revisions in `request.heads`.
/// `retort revision --data TABLE...`: a revision whose data step reads and writes a struct per
/// table, as the compiled migrations (replayed, no connection) leave it at the new revision's
/// parents.
void data_revision(const settings& s, scaffold::revision_request request,
                   const std::vector<std::string>& tables, std::ostream& out);

void merge(const settings& s, const scaffold::revision_request& request, std::ostream& out);
/// `retort edit`: opens the revision's file in $EDITOR (or $VISUAL).
void edit(const settings& s, const std::string& revision, std::ostream& out);
/// `retort check-sources`: reads `files` as the build does and prints a one-line summary;
/// throws, naming the file, when they do not form a valid history.
void check_sources(const std::vector<std::string>& files, bool single_head, std::ostream& out);
/// `retort source-checksums`: prints `<revision> <checksum> <file>` for each migration source;
/// with `cpp_output`, writes the translation unit of checksum records the build links into the
/// plugin instead (replaced whole, so a reader never sees half a file).
void source_checksums(const std::vector<std::string>& files, const std::string& cpp_output,
                      std::ostream& out);
/// `retort init`: writes a project into `directory` and prints the next steps.
void init(const std::string& directory, std::ostream& out);

}  // namespace retort::cli
