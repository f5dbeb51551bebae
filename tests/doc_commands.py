"""The command lines of the README and docs/*.md are tests: every `ccsim ...` line of a shell
block (```sh, ```bash, ```console or a bare ``` block, with or without a `$ ` prompt; lines
continued with a backslash joined) is run with bash, in document order, from a fresh copy of the
repository root (its scenarios/ folder, plus `scenario.json`, the file the docs use for "your
scenario", made from a shipped one), with the build's ccsim first on PATH; a `cd DIR` line moves
the lines after it in that document into DIR. Each must exit as the
text says: 0, unless the text shows `echo "exit status $?"` with its output `exit status N`, or
ends in a comment `# exits N`.

Usage: doc_commands.py REPOSITORY BUILD_DIR DOC.md [DOC.md...]; exit 1 if any line fails.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The files the docs name without making them, made from shipped scenarios.
MADE = {"scenario.json": "scenarios/municipal-week.json"}
SHELL_BLOCKS = {"", "sh", "bash", "shell", "console"}
STATUS_ECHO = re.compile(r';\s*echo "exit status \$\?"\s*$')


def commands(path):
    """(line number, command, expected exit status) of every ccsim line in the shell blocks of `path`."""
    found = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    fence = None
    while i < len(lines):
        line = lines[i]
        opening = re.match(r"^\s*```(\S*)\s*$", line)
        if opening:
            fence = None if fence is not None else opening.group(1)
            i += 1
            continue
        if fence is None or fence not in SHELL_BLOCKS:
            i += 1
            continue
        text = line.strip()
        if text.startswith("$ "):
            text = text[2:].strip()
        if text.startswith("cd "):  # the folder of the lines that follow in this document
            found.append((i + 1, text, None))
            i += 1
            continue
        if not text.startswith("ccsim "):
            i += 1
            continue
        number = i + 1
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            text = text[:-1].rstrip() + " " + lines[i].strip()
        expected = 0
        if STATUS_ECHO.search(text):
            text = STATUS_ECHO.sub("", text)
            for after in lines[i + 1:]:
                shown = re.match(r"^exit status (\d+)$", after.strip())
                if shown:
                    expected = int(shown.group(1))
                    break
                if after.strip().startswith("```"):
                    break
        comment = re.search(r"#\s*exits (\d+)", text)
        if comment:
            expected = int(comment.group(1))
        found.append((number, text, expected))
        i += 1
    return found


def main():
    repository, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = 0
    total = 0
    for doc in sys.argv[3:]:
        work = tempfile.mkdtemp(prefix="ccsim-doc-")
        try:
            shutil.copytree(os.path.join(repository, "scenarios"), os.path.join(work, "scenarios"))
            for name, source in MADE.items():
                shutil.copyfile(os.path.join(repository, source), os.path.join(work, name))
            environment = dict(os.environ, PATH=build + os.pathsep + os.environ.get("PATH", ""))
            folder = work
            for number, command, expected in commands(os.path.join(repository, doc)):
                if expected is None:
                    folder = os.path.normpath(os.path.join(folder, command[3:].strip()))
                    if not folder.startswith(work) or not os.path.isdir(folder):
                        failures += 1
                        print("%s:%d: %s: no such folder in the repository" % (doc, number, command))
                        break
                    continue
                total += 1
                done = subprocess.run(["bash", "-c", command], cwd=folder, env=environment, capture_output=True, text=True,
                                      timeout=600)
                if done.returncode != expected:
                    failures += 1
                    print("%s:%d: exit %d, the text says %d: %s\n%s" % (doc, number, done.returncode, expected, command,
                                                                       done.stderr.strip()[-2000:]))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("%d command lines run, %d failed" % (total, failures))
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
