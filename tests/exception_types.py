"""Exit status 70 ("internal error") is for ccsim's bugs only. This test reads the sources of the
layers the command line runs (cli/, sim/, plan/, models/) for every exception type they throw and every
standard call that throws on bad text, and holds each against the table below: caught by
cli::run and turned into exit status 2 (or 130) with a one-line message, or a bug, with the
reason it cannot come from input. A new exception type, a handler removed from cli/cli.cpp, or an
unguarded std::sto* call fails the test.

Usage: exception_types.py REPOSITORY
"""
import os
import re
import sys

# Each type thrown in the code -> how it reaches the user.
EXIT_2_INVALID = "exit 2: a std::invalid_argument (bad input, named)"
EXIT_2_DOMAIN = "exit 2: a std::domain_error (an unstable queue, unreachable targets, a simulation limit)"
THROWN = {
    "std::invalid_argument": EXIT_2_INVALID,
    "ScenarioError": EXIT_2_INVALID,
    "sim::ScenarioError": EXIT_2_INVALID,
    "OutputError": EXIT_2_INVALID,
    "sim::OutputError": EXIT_2_INVALID,
    "bad": EXIT_2_INVALID + " (cli/flags.hpp's bad() throws one)",
    "std::domain_error": EXIT_2_DOMAIN,
    "UnstableQueue": EXIT_2_DOMAIN,
    "TargetsUnreachable": EXIT_2_DOMAIN,
    "models::TargetsUnreachable": EXIT_2_DOMAIN,
    "limit_reached": EXIT_2_DOMAIN + " (the engine's limit_reached() makes a SimulationLimit)",
    "RunCancelled": "exit 130: a stop asked for (sim::request_interrupt, the Python module's Ctrl-C)",
    "std::runtime_error": "bug: thrown only when MPI ranks exchange malformed records (replication_bytes.hpp, "
                          "runner.cpp), a broken transport between ccsim's own processes, never input",
}
# The classes of ours that derive from a standard exception: their base decides the exit status.
BASES = {
    "ScenarioError": "std::invalid_argument",
    "OutputError": "std::invalid_argument",
    "SimulationLimit": "std::domain_error",
    "UnstableQueue": "std::domain_error",
    "TargetsUnreachable": "std::domain_error",
    "RunCancelled": "std::runtime_error",
}
# What cli::run must catch, in cli/cli.cpp.
HANDLERS = ["std::invalid_argument", "std::domain_error", "std::filesystem::filesystem_error", "sim::RunCancelled",
            "std::bad_alloc", "CLI::ParseError"]
# Library calls that throw on their own, and why each reaches the user with exit 2 or is a bug:
#   std::filesystem calls: filesystem_error, caught (exit 2, the path and the system's reason);
#   std::bad_alloc: caught (exit 2, "out of memory");
#   nlohmann::json's type_error/out_of_range (.at(), get<>): a bug, as every value is type-checked
#     before it is read (json_input.cpp, scenario.cpp's Fields);
#   std::sto*: out_of_range/invalid_argument, so each call is guarded (below).
# Each std::sto* call: inside a try (within the 4 lines before it), or bounded by the check named here.
BOUNDED_STO = {
    ("cli/run_command.cpp", "std::stoll(seed)"): "at most 18 digits, checked before",
    ("sim/scenario/src/calendar.cpp", "std::stoi(parts[0])"): "4 digits, checked before",
    ("sim/scenario/src/calendar.cpp", "std::stoi(parts[1])"): "1 or 2 digits, checked before",
    ("sim/scenario/src/calendar.cpp", "std::stoi(parts[2])"): "1 or 2 digits, checked before",
    ("sim/scenario/src/duration.cpp", "std::stoi(text.substr(0, colon))"): "1 or 2 digits, checked before",
    ("sim/scenario/src/duration.cpp", "std::stoi(text.substr(colon + 1))"): "2 digits, checked before",
    ("sim/scenario/src/scenario.cpp", "std::stoul(index)"): "1 to 6 digits, checked before",
    ("sim/scenario/src/forecast.cpp", "std::stoi(piece)"): "1 or 2 digits, checked before",
}


def sources(root):
    for layer in ("cli", "sim", "plan", "models"):
        for folder, _, files in os.walk(os.path.join(root, layer)):
            for name in files:
                if name.endswith((".cpp", ".hpp")):
                    path = os.path.join(folder, name)
                    yield os.path.relpath(path, root), open(path, encoding="utf-8").read()


def main():
    root = sys.argv[1]
    problems = []
    for path, text in sources(root):
        code = re.sub(r"//[^\n]*", "", text)
        for thrown in re.findall(r"\bthrow\s+([A-Za-z_][\w:]*)\s*[({]", code):
            if thrown not in THROWN:
                problems.append("%s: throws %s, which is not in the table: map it to exit 2 or say why it is a bug" % (path, thrown))
        for name, base in re.findall(r"class\s+(\w+)\s*:\s*public\s+(std::\w+(?:error|exception|argument|range|alloc))\b", code):
            if name in BASES and BASES[name] != base:
                problems.append("%s: %s derives from %s, not %s: its exit status changed" % (path, name, base, BASES[name]))
            elif name not in BASES:
                problems.append("%s: %s derives from %s: add it to the table" % (path, name, base))
        lines = code.split("\n")
        for number, line in enumerate(lines):
            for call in re.findall(r"std::sto[a-z]+\([^;]*?\)(?=[,;)\s])", line):
                guarded = any("try" in before for before in lines[max(0, number - 4):number + 1])
                bounded = any(path == f and call.startswith(c.split("(")[0]) and c in line for (f, c) in BOUNDED_STO)
                if not guarded and not bounded:
                    problems.append("%s:%d: %s may throw std::out_of_range: guard it or add it to BOUNDED_STO with its check" %
                                    (path, number + 1, call))
    cli = open(os.path.join(root, "cli", "cli.cpp"), encoding="utf-8").read()
    for handler in HANDLERS:
        if not re.search(r"catch\s*\(\s*const\s+" + re.escape(handler) + r"\s*&", cli):
            problems.append("cli/cli.cpp: no catch of %s: it would reach the user as an internal error" % handler)
    # The internal-error clause stays last, after every handler above.
    if cli.find("catch (const std::exception&") < max(cli.find("catch (const " + h) for h in HANDLERS):
        problems.append("cli/cli.cpp: the catch of std::exception (internal error) comes before a handler of input")
    for p in problems:
        print(p)
    print("%d exception types in the table, %d problems" % (len(THROWN), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
