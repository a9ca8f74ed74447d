#!/usr/bin/python3
"""retort against Alembic 1.8.1 on the same workload, side by side, in one run.

    run.py --build build/default [--sizes 1000,5000] [--shapes linear,branchy] [--runs 9]
           [--online-runs 3] [--tables 1000] [--out bench/peers/REPORT.md]

Installs the retort of --build into a temporary prefix (as a package would), writes each
workload with generate.py (same revision ids, down_revisions and DDL for both tools), builds the
retort side with find_package(retort), and times, interleaved run by run so that both tools see
the same machine:

  build        retort: a clean build of the plugins (wall, all cores); Alembic: its first
               `heads` after a checkout, which byte-compiles every revision file
  graph        heads, history, current (the database stamped at head), upgrade head --sql;
               Alembic with its bytecode cached, as a user runs it
  online       upgrade head on an empty database and downgrade base again: retort with one
               transaction per migration and with --single-transaction; Alembic both ways
               (transaction_per_migration on and off); and the floor, psql -f of retort's own
               offline script of the same upgrade (per migration, and as one transaction)
  autogenerate revision --autogenerate against a synthetic schema of --tables tables
               (bench/compile/synthetic_schema.py), matching and empty: retort with the model
               `retort model` writes, Alembic with the same tables as SQLAlchemy metadata

Every figure is min and median of the runs, wall clock; peak RSS is the largest of the runs.
Nine runs by default: on a shared 2-core virtual machine, medians of five moved by up to a third
from one report to the next.
Writes a Markdown report and, beside it, a plot (python3-matplotlib) of time against the
number of revisions for each graph command, both tools on one chart. Nothing here runs in CI:
with the defaults it takes most of an hour, mostly building 20,000 migrations.
"""

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"  # Debian's, where python3-alembic is installed


def alembic_environment(**extra):
    """This process's environment as a user's shell has it for Alembic: bytecode caching on
    (a sandbox or CI may set PYTHONDONTWRITEBYTECODE, which makes every run compile every
    revision file again)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env.update(extra)
    return env


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


class Sample:
    def __init__(self):
        self.seconds = []
        self.rss_kib = 0

    def add(self, seconds, rss_kib):
        self.seconds.append(seconds)
        self.rss_kib = max(self.rss_kib, rss_kib)

    @property
    def median(self):
        return statistics.median(self.seconds)

    def text(self):
        return f"{format_seconds(min(self.seconds))} / {format_seconds(self.median)}"


def format_seconds(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def timed(cmd, env=None, cwd=None):
    """Wall seconds and peak RSS (KiB) of one run of `cmd`; its output is discarded.

    posix_spawn, not fork: a forked child's peak RSS would start at this script's."""
    if cwd is not None:
        cmd = ["/bin/sh", "-c", 'cd "$0" && exec "$@"', cwd] + list(cmd)
    with tempfile.TemporaryFile() as errors:
        actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                   (os.POSIX_SPAWN_DUP2, errors.fileno(), 2)]
        executable = shutil.which(cmd[0]) or cmd[0]
        start = time.perf_counter()
        pid = os.posix_spawn(executable, cmd, env if env is not None else os.environ,
                             file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"run.py: {' '.join(cmd)} failed:\n{errors.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss


class Postgres:
    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        self.socket = run([os.path.join(ROOT, "scripts", "pg-scratch.sh"), "start", self.dir],
                          stdout=subprocess.PIPE, text=True).stdout.strip()
        self.count = 0

    def fresh(self):
        self.count += 1
        name = f"bench_{self.count}"
        self.psql("postgres", f"CREATE DATABASE {name}")
        return name

    def drop(self, name):
        self.psql("postgres", f"DROP DATABASE {name}")

    def psql(self, database, sql):
        run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.socket, "-U", "postgres", "-d",
             database, "-c", sql], stdout=subprocess.DEVNULL)

    def url(self, database, driver=""):
        return f"postgresql{driver}:///{database}?host={self.socket}&user=postgres"

    def stop(self):
        run([os.path.join(ROOT, "scripts", "pg-scratch.sh"), "stop", self.dir],
            stdout=subprocess.DEVNULL, check=False)


class Workload:
    """One generated workload: the retort project built, the Alembic project beside it."""

    def __init__(self, work, prefix, shape, size, per_plugin, unity):
        self.shape, self.size = shape, size
        self.dir = os.path.join(work, f"{shape}_{size}")
        run([sys.executable, os.path.join(HERE, "generate.py"), self.dir, "--revisions", str(size),
             "--shape", shape, "--per-plugin", str(per_plugin)], stdout=subprocess.DEVNULL)
        project = os.path.join(self.dir, "retort")
        build = os.path.join(project, "build")
        self.plugins = os.path.join(build, "plugins")
        # A workload kept from an earlier run (--work) is not built again, so not timed either;
        # asked before configuring, which makes the plugin directory.
        reused = os.path.isdir(self.plugins)
        run(["cmake", "-S", project, "-B", build, f"-DCMAKE_PREFIX_PATH={prefix}",
             "-DCMAKE_BUILD_TYPE=Release", f"-DRETORT_PEER_OPTIONS=UNITY_BATCH_SIZE;{unity}"],
            stdout=subprocess.DEVNULL)
        seconds, _ = timed(["cmake", "--build", build, "-j", str(os.cpu_count())])
        self.build_seconds = None if reused else seconds
        self.plugin_files = len([f for f in os.listdir(self.plugins) if f.endswith(".so")])
        self.alembic = os.path.join(self.dir, "alembic")
        self.retort = os.path.join(prefix, "bin", "retort")
        # As after a checkout: no bytecode yet.
        shutil.rmtree(os.path.join(self.alembic, "versions", "__pycache__"), ignore_errors=True)
        shutil.rmtree(os.path.join(self.alembic, "__pycache__"), ignore_errors=True)
        self.alembic_first_run, _ = timed(self.alembic_command("heads"),
                                          env=alembic_environment())

    def retort_command(self, *args, url=None, single_transaction=False):
        options = ["--plugins", self.plugins] + (["--url", url] if url else [])
        options += ["--single-transaction"] if single_transaction else []
        return [self.retort] + options + list(args)

    def alembic_command(self, *args):
        return [PYTHON, "-m", "alembic", "-c", os.path.join(self.alembic, "alembic.ini")] + list(args)

    def alembic_env(self, url, one_transaction=False):
        return alembic_environment(ALEMBIC_URL=url,
                                   ALEMBIC_ONE_TRANSACTION="1" if one_transaction else "0")


def graph_commands(w, pg, runs):
    retort_db, alembic_db = pg.fresh(), pg.fresh()
    run(w.retort_command("stamp", "head", url=pg.url(retort_db)), stdout=subprocess.DEVNULL)
    alembic_env = w.alembic_env(pg.url(alembic_db, "+psycopg2"))
    run(w.alembic_command("stamp", "head"), env=alembic_env, stdout=subprocess.DEVNULL)
    commands = {
        "heads": (w.retort_command("heads"), w.alembic_command("heads")),
        "history": (w.retort_command("history"), w.alembic_command("history")),
        "current": (w.retort_command("current", url=pg.url(retort_db)),
                    w.alembic_command("current")),
        "upgrade head --sql": (w.retort_command("upgrade", "head", "--sql"),
                               w.alembic_command("upgrade", "head", "--sql")),
    }
    results = {name: (Sample(), Sample()) for name in commands}
    for _ in range(runs):
        for name, (retort, alembic) in commands.items():
            results[name][0].add(*timed(retort))
            results[name][1].add(*timed(alembic, env=alembic_env))
    pg.drop(retort_db)
    pg.drop(alembic_db)
    return results


def online(w, pg, runs, work):
    """Upgrade head on an empty database, then downgrade base, each way, interleaved."""
    scripts = {}
    for label, one in (("per migration", False), ("one transaction", True)):
        path = os.path.join(work, f"{w.shape}_{w.size}_{label.replace(' ', '_')}.sql")
        with open(path, "w", encoding="utf-8") as f:
            run(w.retort_command("upgrade", "head", "--sql", single_transaction=one), stdout=f)
        scripts[label] = path
    rows = {key: Sample() for key in (
        "retort upgrade, per migration", "psql -f, per migration",
        "Alembic upgrade, per migration", "retort upgrade --single-transaction",
        "psql -f, one transaction", "Alembic upgrade, one transaction",
        "retort downgrade base", "Alembic downgrade base")}
    for _ in range(runs):
        for label, one in (("per migration", False), ("one transaction", True)):
            database = pg.fresh()
            retort_key = ("retort upgrade --single-transaction" if one
                          else "retort upgrade, per migration")
            rows[retort_key].add(*timed(w.retort_command("upgrade", "head", url=pg.url(database),
                                                         single_transaction=one)))
            if not one:
                rows["retort downgrade base"].add(*timed(w.retort_command(
                    "downgrade", "base", url=pg.url(database))))
            pg.drop(database)

            database = pg.fresh()
            rows[f"psql -f, {label}"].add(*timed(
                ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-h", pg.socket, "-U", "postgres",
                 "-d", database, "-f", scripts[label]]))
            pg.drop(database)

            database = pg.fresh()
            env = w.alembic_env(pg.url(database, "+psycopg2"), one_transaction=one)
            rows[f"Alembic upgrade, {label}"].add(*timed(w.alembic_command("upgrade", "head"),
                                                         env=env))
            if not one:
                rows["Alembic downgrade base"].add(*timed(w.alembic_command("downgrade", "base"),
                                                          env=env))
            pg.drop(database)
    return rows


ALEMBIC_AUTOGEN_ENV = '''import os, sys
from alembic import context
from sqlalchemy import create_engine, pool
sys.path.insert(0, os.path.dirname(__file__))
sys.setrecursionlimit(20000)  # reflection follows a chain of foreign keys through every table
from models import metadata
engine = create_engine(os.environ["ALEMBIC_URL"], poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
'''


def autogenerate(work, prefix, pg, tables, runs):
    """revision --autogenerate against a matching and an empty database, both tools."""
    schema = os.path.join(ROOT, "bench", "compile", "synthetic_schema.py")
    matching, empty = pg.fresh(), pg.fresh()
    ddl = run([sys.executable, schema, "--tables", str(tables)], stdout=subprocess.PIPE,
              text=True).stdout
    run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.socket, "-U", "postgres", "-d", matching],
        input=ddl, text=True, stdout=subprocess.DEVNULL)
    retort = os.path.join(prefix, "bin", "retort")
    shutil.rmtree(os.path.join(work, "autogen"), ignore_errors=True)  # from an earlier run
    project = os.path.join(work, "autogen", "retort")
    run([retort, "init", project], stdout=subprocess.DEVNULL)
    os.makedirs(os.path.join(project, "build", "migrations", "plugins"), exist_ok=True)
    model_dir = os.path.join(project, "model")
    os.makedirs(model_dir, exist_ok=True)
    run([retort, "model", "--from-database", pg.url(matching), "-o",
         os.path.join(model_dir, "synthetic_model.cpp"), "--function", "synthetic_model"],
        cwd=project, stdout=subprocess.DEVNULL)
    with open(os.path.join(model_dir, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write("cmake_minimum_required(VERSION 3.25)\nproject(synthetic_model LANGUAGES CXX)\n"
                "find_package(retort CONFIG REQUIRED)\n"
                "retort_add_model(synthetic_model SOURCES synthetic_model.cpp)\n")
    build = os.path.join(model_dir, "build")
    run(["cmake", "-S", model_dir, "-B", build, f"-DCMAKE_PREFIX_PATH={prefix}"],
        stdout=subprocess.DEVNULL)
    run(["cmake", "--build", build], stdout=subprocess.DEVNULL)
    model = os.path.join(build, "synthetic_model.so")

    alembic = os.path.join(work, "autogen", "alembic")
    os.makedirs(os.path.join(alembic, "versions"), exist_ok=True)
    with open(os.path.join(alembic, "models.py"), "w", encoding="utf-8") as f:
        run([sys.executable, schema, "--tables", str(tables), "--format", "sqlalchemy"], stdout=f)
    with open(os.path.join(alembic, "env.py"), "w", encoding="utf-8") as f:
        f.write(ALEMBIC_AUTOGEN_ENV)
    with open(os.path.join(alembic, "alembic.ini"), "w", encoding="utf-8") as f:
        f.write("[alembic]\nscript_location = %(here)s\n")
    shutil.copy("/usr/lib/python3/dist-packages/alembic/templates/generic/script.py.mako",
                alembic)

    rows = {}
    for label, database in (("matching database", matching), ("empty database", empty)):
        retort_sample, alembic_sample = Sample(), Sample()
        for _ in range(runs):
            retort_sample.add(*timed([retort, "--url", pg.url(database), "revision",
                                      "--autogenerate", "-m", "bench", "--model", model],
                                     cwd=project))
            alembic_sample.add(*timed([PYTHON, "-m", "alembic", "-c",
                                       os.path.join(alembic, "alembic.ini"), "revision",
                                       "--autogenerate", "-m", "bench"],
                                      env=alembic_environment(
                                          ALEMBIC_URL=pg.url(database, "+psycopg2"))))
            for directory in (os.path.join(project, "migrations", "versions"),
                              os.path.join(alembic, "versions")):
                for name in os.listdir(directory):
                    if name.endswith((".cpp", ".py")):
                        os.remove(os.path.join(directory, name))
        rows[label] = (retort_sample, alembic_sample)
    return rows


def ratio(retort, alembic):
    return f"{alembic.median / retort.median:.0f}x"


def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    commands = ["heads", "history", "current", "upgrade head --sql"]
    figure, axes = plt.subplots(1, len(commands), figsize=(4 * len(commands), 3.6))
    for axis, command in zip(axes, commands):
        for shape, style in (("linear", "-"), ("branchy", "--")):
            points = sorted((w.size, r[command]) for w, r in results if w.shape == shape)
            if not points:
                continue
            sizes = [size for size, _ in points]
            axis.plot(sizes, [s[0].median * 1000 for _, s in points], "o" + style,
                      color="tab:blue", label=f"retort, {shape}")
            axis.plot(sizes, [s[1].median * 1000 for _, s in points], "s" + style,
                      color="tab:orange", label=f"Alembic 1.8.1, {shape}")
        axis.set_title(command)
        axis.set_xlabel("revisions")
        axis.set_yscale("log")
        axis.set_ylabel("median wall time (ms)")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def machine():
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()
    return f"{os.cpu_count()} cores ({cpu}), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True, help="a configured and built retort tree")
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--shapes", default="linear,branchy")
    parser.add_argument("--runs", type=int, default=9, help="runs of each graph command")
    parser.add_argument("--online-runs", type=int, default=3, help="0 leaves online runs out")
    parser.add_argument("--tables", type=int, default=1000, help="0 leaves autogenerate out")
    parser.add_argument("--per-plugin", type=int, default=50, help="migration files a plugin")
    parser.add_argument("--unity", type=int, default=25, help="UNITY_BATCH_SIZE of the plugins")
    parser.add_argument("--out", default=os.path.join(HERE, "REPORT.md"))
    parser.add_argument("--work", help="keep the workloads here (default: a temporary directory)")
    args = parser.parse_args()
    if importlib.util.find_spec("matplotlib") is None:  # checked now, used an hour later
        sys.exit("run.py: the plot needs Debian's python3-matplotlib: apt-get install "
                 "python3-matplotlib, and run this with /usr/bin/python3")

    commit = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                 text=True).stdout.strip()
    alembic_version = run([PYTHON, "-m", "alembic", "--version"], stdout=subprocess.PIPE,
                          text=True).stdout.strip()
    work = args.work or tempfile.mkdtemp(prefix="retort-peers.")
    os.makedirs(work, exist_ok=True)
    prefix = os.path.join(work, "prefix")
    run(["cmake", "--install", args.build, "--prefix", prefix], stdout=subprocess.DEVNULL)
    started = machine()
    pg = Postgres(work)
    results = []
    online_rows = []
    autogen_rows = {}
    try:
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                print(f"run.py: {shape} {size}: building", file=sys.stderr)
                w = Workload(work, prefix, shape, size, args.per_plugin, args.unity)
                print(f"run.py: {shape} {size}: graph commands", file=sys.stderr)
                results.append((w, graph_commands(w, pg, args.runs)))
                if args.online_runs > 0:
                    print(f"run.py: {shape} {size}: online", file=sys.stderr)
                    online_rows.append((w, online(w, pg, args.online_runs, work)))
        if args.tables:
            print(f"run.py: autogenerate on {args.tables} tables", file=sys.stderr)
            autogen_rows = autogenerate(work, prefix, pg, args.tables, args.runs)
    finally:
        pg.stop()
    ended = machine()

    lines = ["# retort and Alembic 1.8.1, side by side", "",
             f"`bench/peers/run.py` at commit {commit}, {alembic_version}. Machine: {started} "
             f"at the start, {ended.split('load average ')[1]} at the end. PostgreSQL 15 in a "
             "scratch cluster (`scripts/pg-scratch.sh`, data on tmpfs), Unix socket.", "",
             "Workloads from `bench/peers/generate.py`: the same revision ids, down_revisions and "
             "DDL for both tools (cycles of create table, add column, create index, create table "
             f"with a foreign key); retort's side in plugins of {args.per_plugin} migration files "
             f"each, built with `UNITY_BATCH_SIZE {args.unity}`. Times are wall clock, min / "
             f"median of {args.runs} interleaved runs ("
             + (f"online: {args.online_runs}" if args.online_runs else "online runs left out")
             + "); the ratio is "
             "Alembic's median over retort's.", "",
             "![time against revisions](graph_commands.png)", "",
             "## Graph commands", "",
             "| workload | command | retort | Alembic | ratio | peak RSS retort / Alembic |",
             "|---|---|---|---|---|---|"]
    for w, r in results:
        for command, (retort, alembic) in r.items():
            lines.append(f"| {w.shape} {w.size} | `{command}` | {retort.text()} | "
                         f"{alembic.text()} | {ratio(retort, alembic)} | "
                         f"{retort.rss_kib / 1024:.0f} / {alembic.rss_kib / 1024:.0f} MiB |")
    lines += ["", "## Building", "",
              "| workload | retort: clean build of the plugins | plugin files | Alembic: first "
              "`heads` after a checkout (byte-compiles every file) |", "|---|---|---|---|"]
    for w, _ in results:
        build = (f"{w.build_seconds:.1f} s" if w.build_seconds is not None
                 else "kept from an earlier run, not timed")
        lines.append(f"| {w.shape} {w.size} | {build} | {w.plugin_files} | "
                     f"{w.alembic_first_run:.2f} s |")
    if online_rows:
        lines += ["", "## Online: upgrade head on an empty database, then downgrade base", "",
                  "The floor is psql running retort's own offline script of the same upgrade "
                  "(`upgrade head --sql`, and with `--single-transaction`), version table "
                  "statements included.", "",
                  "| workload | run | min / median | peak RSS | against the floor |",
                  "|---|---|---|---|---|"]
    floor_of = {"retort upgrade, per migration": "psql -f, per migration",
                "Alembic upgrade, per migration": "psql -f, per migration",
                "retort upgrade --single-transaction": "psql -f, one transaction",
                "Alembic upgrade, one transaction": "psql -f, one transaction"}
    for w, rows in online_rows:
        for key, sample in rows.items():
            floor = rows[floor_of[key]] if key in floor_of else None
            against = f"{sample.median / floor.median:.2f}x" if floor else ""
            lines.append(f"| {w.shape} {w.size} | {key} | {sample.text()} | "
                         f"{sample.rss_kib / 1024:.0f} MiB | {against} |")
    if autogen_rows:
        lines += ["", f"## revision --autogenerate on {args.tables} tables", "",
                  "`bench/compile/synthetic_schema.py --tables "
                  f"{args.tables}`; retort compares the model `retort model` wrote from the "
                  "database (a compiled model plugin), Alembic the same tables as SQLAlchemy "
                  "metadata (`--format sqlalchemy`). Alembic needs a raised recursion limit to "
                  "reflect the chain of foreign keys.", "",
                  "| database | retort | Alembic | ratio | peak RSS retort / Alembic |",
                  "|---|---|---|---|---|"]
        for label, (retort, alembic) in autogen_rows.items():
            lines.append(f"| {label} | {retort.text()} | {alembic.text()} | "
                         f"{ratio(retort, alembic)} | {retort.rss_kib / 1024:.0f} / "
                         f"{alembic.rss_kib / 1024:.0f} MiB |")
    report = "\n".join(lines) + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    plot(results, os.path.join(os.path.dirname(os.path.abspath(args.out)), "graph_commands.png"))
    print(report)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
