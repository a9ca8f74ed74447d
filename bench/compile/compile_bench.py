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
             (bench/peers/generate.py): wall time on all cores
  one more   adding one migration to that built project: the rebuild and relink, wall time

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


def generated_project(work, prefix, revisions):
    """Clean build of `revisions` generated migrations, then one more migration on top."""
    out = os.path.join(work, "workload")
    generate = [sys.executable, os.path.join(ROOT, "bench", "peers", "generate.py"), out,
                "--tool", "retort", "--per-plugin", str(revisions + 1)]
    run(generate + ["--revisions", str(revisions)], stdout=subprocess.DEVNULL)
    source = os.path.join(out, "retort")
    build = os.path.join(source, "build")
    configure(source, build, prefix)
    build_cmd = ["cmake", "--build", build, "-j", str(os.cpu_count())]
    clean = wall_seconds_of(build_cmd, build)
    # One more revision: the generator writes the same files again plus the new one; only the new
    # file is compiled, the checksum and graph steps rerun, and the plugin is linked again.
    run(generate + ["--revisions", str(revisions + 1)], stdout=subprocess.DEVNULL)
    one_more = wall_seconds_of(["cmake", "--build", build, "-j", str(os.cpu_count())], build)
    return clean, one_more


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
        if args.baseline_commit:
            samples = baseline_file(work, args.baseline_commit, args.runs)
            lines.append(f"| headers of {args.baseline_commit}: header-only, -O2, no precompiled "
                         f"header | {summary(samples)} |")
        for label, samples in one_file(work, prefix, args.runs):
            lines.append(f"| {label} | {summary(samples)} |")
        if not args.skip_generated:
            clean, one_more = generated_project(work, prefix, args.revisions)
            lines += ["", f"## {args.revisions} generated migrations, one per file, one plugin", "",
                      f"Wall time on {os.cpu_count()} cores (`cmake --build -j{os.cpu_count()}`).",
                      "", "| build | wall |", "|---|---|",
                      f"| clean | {clean:.1f} s |",
                      f"| one more migration: rebuild and relink | {one_more:.1f} s |"]
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
