"""Answers revision-graph questions with the real Alembic (Debian's python3-alembic 1.8).

Reads {"cases": [{"graph": [...], "queries": [...]}, ...]} as JSON on stdin and prints
{"cases": [{"answers": [...]}, ...]}: one answer per query, in order. Run with /usr/bin/python3.

A revision is [id, [down_revisions], [branch_labels], [depends_on]], listed in discovery order
(Alembic's map order). Queries:
  {"q": "structure"}                      heads, real heads, bases, labels, normalized down
                                          revisions (down + dependencies no ancestor declares),
                                          history order
  {"q": "resolve", "target": t}           ScriptDirectory.get_revisions(t)
  {"q": "resolve_target", "target": t, "current": [...]}
                                          retort's resolve_target: Alembic's upgrade reading,
                                          or its downgrade reading for "-N" forms
  {"q": "upgrade", "target": t, "current": [...]}
  {"q": "downgrade", "target": t, "current": [...]}
                                          ScriptDirectory._upgrade_revs / _downgrade_revs, then
                                          each step through MigrationContext's HeadMaintainer,
                                          with the version-table statements of each step
                                          (["insert", v], ["delete", v], ["update", from, to];
                                          {"unordered": kinds} where a Python set chose them)
  {"q": "stamp", "targets": [...], "current": [...], "purge": bool}
  {"q": "stamp_statements", "targets": [...], "current": [...]}
                                          the version-table statements of that stamp
                                          ScriptDirectory._stamp_revs through HeadMaintainer
  {"q": "current", "current": [...]}      ScriptDirectory.get_all_current: what `current` shows
  {"q": "history", "range": r, "current": [...]}
                                          command.history's walk (None range when r is "")
An answer is {"ok": ...} or {"error": "revision" | "internal", "message": ...}: "revision" for
Alembic's own refusals (RevisionError, CommandError), "internal" for its crashes (assertions,
KeyError), which are Alembic bugs. Warnings are reported under "warnings".

One choice is pinned: Alembic keeps a revision's normalized dependencies in a Python set, so
their order (which decides the walk order when a revision has two or more) changes with
PYTHONHASHSEED. The oracle orders them as declared, which is what retort does.
"""

import json
import sys
import types
import warnings

try:
    from alembic import util
    from alembic.runtime.migration import HeadMaintainer, RevisionStep
    from alembic.script.base import ScriptDirectory
    from alembic.script.revision import Revision, RevisionError, RevisionMap
except ImportError as e:  # the test must fail, never skip
    print("alembic_oracle: cannot import alembic (%s); install python3-alembic" % e,
          file=sys.stderr)
    sys.exit(3)

# RevisionStep looks up the migration functions on the script's module.
Revision.module = types.SimpleNamespace(upgrade=lambda: None, downgrade=lambda: None)


def build(graph):
    revisions = []
    for rid, down, labels, deps in graph:
        revisions.append(
            Revision(
                rid,
                tuple(down) if len(down) > 1 else (down[0] if down else None),
                dependencies=tuple(deps) if deps else None,
                branch_labels=tuple(labels) if labels else None,
            )
        )
    rmap = RevisionMap(lambda: revisions)
    rmap._revision_map  # build now
    for rev in revisions:
        normalized = set(rev._normalized_resolved_dependencies)
        if len(normalized) > 1:
            declared = util.dedupe_tuple(rev._resolved_dependencies)
            rev._normalized_resolved_dependencies = tuple(d for d in declared if d in normalized)
    script = ScriptDirectory.__new__(ScriptDirectory)
    script.revision_map = rmap
    return rmap, script


class Rows:
    """HeadMaintainer over an in-memory version table, with the same checks as online mode."""

    def __init__(self, heads):
        self.maintainer = HeadMaintainer.__new__(HeadMaintainer)
        self.maintainer.heads = set(heads)
        self.rows = list(heads)
        m = self.maintainer

        self.statements = []  # the version-table statements of the step being applied

        def insert(version):
            assert version not in m.heads
            m.heads.add(version)
            self.rows.append(version)
            self.statements.append(["insert", version])

        def delete(version):
            m.heads.remove(version)
            self._match_one(version)
            self.rows.remove(version)
            self.statements.append(["delete", version])

        def update(from_, to_):
            assert to_ not in m.heads
            m.heads.remove(from_)
            m.heads.add(to_)
            self._match_one(from_)
            self.rows[self.rows.index(from_)] = to_
            self.statements.append(["update", from_, to_])

        m._insert_version = insert
        m._delete_version = delete
        m._update_version = update

    def _match_one(self, version):
        found = self.rows.count(version)
        if found != 1:
            raise util.CommandError(
                "Online migration expected to match one row when updating or deleting '%s'; "
                "%d found" % (version, found))

    def ordered(self, step):
        """Whether Alembic's statements for `step` are fixed: a merge or unmerge beside other
        heads picks its rows from a Python set, whose order changes with PYTHONHASHSEED."""
        heads = self.maintainer.heads
        if not isinstance(step, RevisionStep):
            return True
        if step.should_merge_branches(heads):
            return len(step.merge_branch_idents(heads)[0]) == 0 or not set(heads).difference(
                step.from_revisions)
        if step.should_unmerge_branches(heads):
            return len(step._unmerge_to_revisions(heads)) <= 1 or not set(heads).difference(
                [step.revision.revision])
        return True

    def apply(self, step):
        ordered = self.ordered(step)
        self.statements = []
        self.maintainer.update_to_step(step)
        if not ordered:
            self.statements = {"unordered": sorted(s[0] for s in self.statements)}
        return sorted(self.rows)


def ids(revs):
    out = []
    for r in revs:
        if r is None:
            out.append(None)
        elif isinstance(r, str):
            out.append("<" + r + ">")
        else:
            out.append(r.revision)
    return out


def structure(rmap, script):
    revs = [rmap.get_revision(r) for r in rmap._revision_map if isinstance(r, str)]
    seen = set()
    unique = []
    for r in revs:
        if r.revision not in seen:
            seen.add(r.revision)
            unique.append(r)
    return {
        "heads": list(rmap.heads),
        "real_heads": list(rmap._real_heads),
        "bases": list(rmap.bases),
        "branch_points": [r.revision for r in unique if r.is_branch_point],
        "labels": {r.revision: sorted(r.branch_labels) for r in unique},
        "normalized_down": {r.revision: list(r._normalized_down_revisions) for r in unique},
        "walk": [s.revision for s in script.walk_revisions()],
    }


def resolve_target(rmap, target, current):
    import re
    match = re.match(r"(?:(.+?)@)?(\w+)?((?:\+|-)\d+)", target)
    if match and int(match.group(3)) < 0:
        _, rev = rmap._parse_downgrade_target(tuple(current), target, True)
        return [] if rev in (None, "base") else [rev.revision]
    out = []
    for rev in rmap._parse_upgrade_target(tuple(current), target, True):
        if rev is None:
            raise RevisionError("Walked too far")
        if rev != "base":
            out.append(rev.revision)
    return out


def run_steps(steps, current):
    # The plan is Alembic's answer; a crash while keeping the rows is reported beside it.
    rows = Rows(current)
    out = {"order": [s.revision.revision for s in steps], "rows": [], "statements": []}
    for step in steps:
        try:
            out["rows"].append(rows.apply(step))
            out["statements"].append(rows.statements)
        except Exception as e:  # noqa: BLE001
            out["rows_error"] = "%s: %s" % (type(e).__name__, e)
            break
    return out


def stamp(script, targets, current, purge):
    heads = () if purge else tuple(current)
    rows = Rows(heads)
    for step in script._stamp_revs(tuple(targets), heads):
        rows.apply(step)
    return sorted(rows.rows)


def stamp_statements(script, targets, current):
    # The version-table statements of a stamp, step by step through HeadMaintainer.
    rows = Rows(tuple(current))
    out = []
    for step in script._stamp_revs(tuple(targets), tuple(current)):
        rows.apply(step)
        out.extend(rows.statements)
    return out


def history(script, rev_range, current):
    # command.history and its _display_history_w_current, minus the printing.
    if rev_range:
        if ":" not in rev_range:
            raise util.CommandError(
                "History range requires [start]:[end], [start]:, or :[end]")
        base, head = rev_range.strip().split(":")
    else:
        base = head = None
    rev = tuple(current)
    if head == "current":
        base, head = base, rev
    elif base == "current":
        base, head = rev, head
    return [s.revision for s in script.walk_revisions(base=base or "base", head=head or "heads")]


def answer(rmap, script, q):
    kind = q["q"]
    if kind == "structure":
        return structure(rmap, script)
    if kind == "resolve":
        return ids(script.get_revisions(q["target"]))
    if kind == "resolve_target":
        return resolve_target(rmap, q["target"], q["current"])
    if kind == "upgrade":
        return run_steps(script._upgrade_revs(q["target"], tuple(q["current"])), q["current"])
    if kind == "downgrade":
        return run_steps(script._downgrade_revs(q["target"], tuple(q["current"])), q["current"])
    if kind == "stamp":
        return stamp(script, q["targets"], q["current"], q.get("purge", False))
    if kind == "stamp_statements":
        return stamp_statements(script, q["targets"], q["current"])
    if kind == "history":
        return history(script, q["range"], q["current"])
    if kind == "current":
        return sorted(r.revision for r in script.get_all_current(tuple(q["current"])))
    raise ValueError("unknown query %r" % kind)


def main():
    request = json.load(sys.stdin)
    out = []
    for case in request["cases"]:
        answers = []
        try:
            rmap, script = build(case["graph"])
        except Exception as e:  # noqa: BLE001 - report, do not stop the batch
            out.append({"graph_error": "%s: %s" % (type(e).__name__, e)})
            continue
        for q in case["queries"]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    result = {"ok": answer(rmap, script, q)}
                except (RevisionError, util.CommandError) as e:
                    result = {"error": "revision", "message": str(e)}
                except Exception as e:  # noqa: BLE001 - Alembic crashed: an Alembic bug
                    result = {"error": "internal", "message": "%s: %s" % (type(e).__name__, e)}
            if caught:
                result["warnings"] = [str(w.message) for w in caught]
            answers.append(result)
        out.append({"answers": answers})
    json.dump({"cases": out}, sys.stdout)


if __name__ == "__main__":
    main()
