#!/usr/bin/env python3
"""What migrations cost to build, measured as a user meets it.

    compile_bench.py --build build/default [--revisions 1000] [--runs 5] [--out report.md]
                     [--baseline-commit COMMIT]

Installs the retort of --build into a temporary prefix and builds projects against it with
find_package(retort), like an application team would:

  one file   the example bundle's largest migration, compiled inside its plugin target: CPU time
             (user + system) of the compiler, min and median of --runs, for each way of building
             (retort_add_migrations()'s defaults, without the precompiled header, at the build
             type's -O2); with --baseline-commit also the same file against that commit's headers
             and flags (header-only DSL, -O2, no precompiled header)
  clean      a clean build of --revisions generated migrations, one per file, in one plugin
             (bench/peers/generate.py): wall time on all cores, with the defaults and with
             UNITY_BATCH_SIZE --unity
  one more   adding one migration to that built project: the rebuild and relink, wall time
  adoption   a baseline and a model written by `retort` from a synthetic schema of --tables tables
             in a scratch PostgreSQL (scripts/pg-scratch.sh), compiled: wall, CPU, peak memory

It prints a Markdown report (and writes it to --out) with the machine and its load average.
Nothing here runs in CI: it takes minutes.
"""

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LARGEST = "migrations/versions/20261101_0900_1f3e5a7c9b01_create_products_table.cpp"


def run(cmd, **kwargs):
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


def cpu_seconds_of(cmd, cwd):
    """User + system CPU seconds of one run of `cmd` and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run(cmd, cwd=cwd, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def wall_seconds_of(cmd, cwd):
    start = time.monotonic()
    run(cmd, cwd=cwd, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def summary(samples):
    return f"{min(samples):.2f} s (median {statistics.median(samples):.2f} s)"


def configure(source, build, prefix, options=()):
    run(["cmake", "-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
         f"-DCMAKE_PREFIX_PATH={prefix}", *options], stdout=subprocess.DEVNULL)


def compile_command(build, source_suffix):
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        for entry in json.load(f):
            if entry["file"].endswith(source_suffix):
                return entry["directory"], shlex.split(entry["command"])
    raise SystemExit(f"compile_bench.py: no compile command for {source_suffix} in {build}")


def example_project(directory, migrations, options):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "CMakeLists.txt"), "w", encoding="utf-8") as f:
        f.write("cmake_minimum_required(VERSION 3.25)\n"
                "project(example_plugin LANGUAGES CXX)\n"
                "set(CMAKE_EXPORT_COMPILE_COMMANDS ON)\n"
                "find_package(retort CONFIG REQUIRED)\n"
                f"retort_add_migrations(example SOURCES {' '.join(migrations)} {options})\n")


def one_file(work, prefix, runs):
    """CPU seconds to compile the largest example migration in a plugin, per configuration."""
    sources = sorted(os.path.join(ROOT, "migrations", "versions", f)
                     for f in os.listdir(os.path.join(ROOT, "migrations", "versions")))
    rows = []
    for label, options, cache in (
            ("retort_add_migrations() defaults", "", []),
            ("NO_PRECOMPILED_HEADER", "NO_PRECOMPILED_HEADER", []),
            ("the build type's full debug information", "", ["-DRETORT_MIGRATION_DEBUG_INFO="]),
            ("at the build type's -O2", "", ["-DRETORT_MIGRATION_OPTIMIZATION="]),
    ):
        project = os.path.join(work, "one-" + str(len(rows)))
        example_project(project, sources, options)
        build = os.path.join(project, "build")
        configure(project, build, prefix, cache)
        # Builds the precompiled header (and everything else) first, as a real build would.
        run(["cmake", "--build", build, "-j", str(os.cpu_count())], stdout=subprocess.DEVNULL)
        directory, command = compile_command(build, os.path.basename(LARGEST))
        samples = [cpu_seconds_of(command, directory) for _ in range(runs)]
        rows.append((label, samples))
    return rows


def baseline_file(work, commit, runs):
    """The same file against `commit`'s headers, compiled as that commit's plugins were."""
    include = os.path.join(work, "baseline")
    os.makedirs(include, exist_ok=True)
    archive = run(["git", "-C", ROOT, "archive", commit, "include"], stdout=subprocess.PIPE).stdout
    run(["tar", "-x", "-C", include], input=archive)
    command = ["g++", "-std=c++20", "-O2", "-g", "-DNDEBUG", "-fPIC", "-fvisibility=hidden",
               "-fvisibility-inlines-hidden", "-Wall", "-Wextra", "-fno-gnu-unique",
               "-DBOOST_DLL_USE_STD_FS", "-I", os.path.join(include, "include"), "-c",
               os.path.join(ROOT, LARGEST), "-o", os.path.join(work, "baseline.o")]
    return [cpu_seconds_of(command, work) for _ in range(runs)]


def generated_project(work, prefix, revisions, options=""):
    """Clean build of `revisions` generated migrations, then one more migration on top."""
    out = os.path.join(work, "workload-" + (options.replace(";", "-") or "default"))
    generate = [sys.executable, os.path.join(ROOT, "bench", "peers", "generate.py"), out,
                "--tool", "retort", "--per-plugin", str(revisions + 1)]
    run(generate + ["--revisions", str(revisions)], stdout=subprocess.DEVNULL)
    source = os.path.join(out, "retort")
    build = os.path.join(source, "build")
    configure(source, build, prefix, [f"-DRETORT_PEER_OPTIONS={options}"])
    build_cmd = ["cmake", "--build", build, "-j", str(os.cpu_count())]
    clean = wall_seconds_of(build_cmd, build)
    # One more revision: the generator writes the same files again plus the new one; only the new
    # file is compiled, the checksum and graph steps rerun, and the plugin is linked again.
    run(generate + ["--revisions", str(revisions + 1)], stdout=subprocess.DEVNULL)
    one_more = wall_seconds_of(["cmake", "--build", build, "-j", str(os.cpu_count())], build)
    return clean, one_more


def alembic_bytecode(work, revisions):
    """Seconds to byte-compile the Alembic side of the same workload, from no cache."""
    out = os.path.join(work, "alembic-workload")
    run([sys.executable, os.path.join(ROOT, "bench", "peers", "generate.py"), out, "--tool",
         "alembic", "--revisions", str(revisions)], stdout=subprocess.DEVNULL)
    return wall_seconds_of([sys.executable, "-m", "compileall", "-q",
                            os.path.join(out, "alembic", "versions")], out)


def measured_compile(command, directory):
    """Wall seconds, CPU seconds and peak memory (MiB) of one compiler run."""
    out = run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=directory,
              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    wall, user, system, rss = out.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def adoption(work, prefix, tables):
    """A baseline and a model written from a synthetic schema, then compiled."""
    pg = os.path.join(work, "pg")
    scratch = os.path.join(ROOT, "scripts", "pg-scratch.sh")
    socket = run([scratch, "start", pg], stdout=subprocess.PIPE, text=True).stdout.strip()
    try:
        url = f"postgresql:///synthetic?host={socket}&user=postgres"
        run(["psql", "-q", "-h", socket, "-U", "postgres", "-d", "postgres", "-c",
             "CREATE DATABASE synthetic"], stdout=subprocess.DEVNULL)
        ddl = run([sys.executable, os.path.join(HERE, "synthetic_schema.py"), "--tables",
                   str(tables)], stdout=subprocess.PIPE, text=True).stdout
        run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", socket, "-U", "postgres", "-d",
             "synthetic"], input=ddl, text=True, stdout=subprocess.DEVNULL)
        retort = os.path.join(prefix, "bin", "retort")
        project = os.path.join(work, "adopted")
        run([retort, "init", project], stdout=subprocess.DEVNULL)
        run([retort, "revision", "--autogenerate", "--from-database", url, "-m", "baseline"],
            cwd=project, stdout=subprocess.DEVNULL)
        model = os.path.join(project, "model", "synthetic_model.cpp")
        os.makedirs(os.path.dirname(model), exist_ok=True)
        run([retort, "model", "--from-database", url, "-o", model, "--function",
             "synthetic_model"], cwd=project, stdout=subprocess.DEVNULL)
        with open(os.path.join(project, "model", "CMakeLists.txt"), "w", encoding="utf-8") as f:
            f.write("cmake_minimum_required(VERSION 3.25)\nproject(synthetic_model LANGUAGES CXX)\n"
                    "set(CMAKE_EXPORT_COMPILE_COMMANDS ON)\n"
                    "find_package(retort CONFIG REQUIRED)\n"
                    "retort_add_model(synthetic_model SOURCES synthetic_model.cpp)\n")
        rows = []
        for label, source, pattern in (("baseline migration (`revision --autogenerate "
                                        "--from-database`)", "migrations", "batch_0.cpp"),
                                       ("model (`retort model --from-database`)", "model",
                                        "synthetic_model.cpp")):
            directory = os.path.join(project, source)
            build = os.path.join(directory, "build")
            configure(directory, build, prefix, ["-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"])
            run(["cmake", "--build", build, "-j", str(os.cpu_count())], stdout=subprocess.DEVNULL)
            where, command = compile_command(build, pattern)
            lines = sum(1 for path in _sources_of(directory) for _ in open(path, encoding="utf-8"))
            rows.append((label, lines, measured_compile(command, where)))
        return rows
    finally:
        run([scratch, "stop", pg], stdout=subprocess.DEVNULL, check=False)


def _sources_of(directory):
    for root, _, files in os.walk(directory):
        if "build" in os.path.relpath(root, directory).split(os.sep):
            continue
        for name in files:
            if name.endswith(".cpp"):
                yield os.path.join(root, name)


def machine():
    load = os.getloadavg()
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    gxx = run(["g++", "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
    return f"{os.cpu_count()} cores ({cpu}), {gxx}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True, help="a configured and built retort tree")
    parser.add_argument("--revisions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-commit")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--skip-one-file", action="store_true")
    parser.add_argument("--skip-adoption", action="store_true")
    parser.add_argument("--tables", type=int, default=200, help="tables of the synthetic schema")
    parser.add_argument("--unity", type=int, default=20, help="the UNITY_BATCH_SIZE measured")
    parser.add_argument("--out")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="retort-compile-bench.")
    try:
        prefix = os.path.join(work, "prefix")
        run(["cmake", "--install", args.build, "--prefix", prefix], stdout=subprocess.DEVNULL)
        lines = ["# Migration compile cost", "", f"Machine: {machine()} at the start.", "",
                 f"## One file: `{LARGEST}` inside its plugin", "",
                 f"CPU time of the compiler (user + system), {args.runs} runs.", "",
                 "| how | CPU |", "|---|---|"]
        if args.baseline_commit and not args.skip_one_file:
            samples = baseline_file(work, args.baseline_commit, args.runs)
            lines.append(f"| headers of {args.baseline_commit}: header-only, -O2, no precompiled "
                         f"header | {summary(samples)} |")
        for label, samples in [] if args.skip_one_file else one_file(work, prefix, args.runs):
            lines.append(f"| {label} | {summary(samples)} |")
        if not args.skip_generated:
            lines += ["", f"## {args.revisions} generated migrations, one per file, one plugin", "",
                      f"Wall time on {os.cpu_count()} cores (`cmake --build -j{os.cpu_count()}`), "
                      "from configure to the linked plugin, the graph check and source checksums "
                      "included.", "",
                      "| how | clean build | one more migration: rebuild and relink |",
                      "|---|---|---|"]
            alembic = alembic_bytecode(work, args.revisions)
            for label, options in (("retort_add_migrations() defaults", ""),
                                   (f"UNITY_BATCH_SIZE {args.unity}",
                                    f"UNITY_BATCH_SIZE;{args.unity}")):
                clean, one_more = generated_project(work, prefix, args.revisions, options)
                lines.append(f"| {label} | {clean:.1f} s ({clean / alembic:.0f}x Alembic) "
                             f"| {one_more:.1f} s |")
            lines.append(f"| Alembic 1.8.1's nearest step: byte-compiling the same revisions "
                         f"(`python3 -m compileall`, as its first run after a checkout does) "
                         f"| {alembic:.2f} s | |")
        if not args.skip_adoption:
            lines += ["", f"## Adopting a synthetic schema of {args.tables} tables", "",
                      "`bench/compile/synthetic_schema.py`: about 7.75 columns, 2.25 indexes and "
                      "1.25 foreign keys a table, a view and a function for every eighth; written "
                      "by the installed `retort`, compiled as `retort init`'s project and "
                      "`retort_add_model()` build them.", "",
                      "| file | lines | wall | CPU | peak compiler memory |", "|---|---|---|---|---|"]
            for label, count, (wall, cpu, rss) in adoption(work, prefix, args.tables):
                lines.append(f"| {label} | {count} | {wall:.1f} s | {cpu:.1f} s | {rss:.0f} MiB |")
        lines += ["", f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}."]
        report = "\n".join(lines) + "\n"
        print(report)
        if args.out:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(report)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
