"""No include runs back up a layer (issue 27). The layers, lowest first: models/ (the
mathematics), sim/scenario/, sim/engine/, sim/run/, plan/; a file may include headers of its own
layer and of the layers below it, never above. Reads every source and header of the layers and
fails naming the file, the line and the header that reaches up.

Usage: layers.py REPOSITORY
"""
import os
import re
import sys

LAYERS = ["models", "sim/scenario", "sim/engine", "sim/run", "plan"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"(ccsim/(?:models|sim)/[^"]+)"', re.M)


def main(root):
    # Each public header's layer, from where it lives.
    layer_of = {}
    for rank, layer in enumerate(LAYERS):
        include_root = os.path.join(root, layer, "include")
        for folder, _, files in os.walk(include_root):
            for name in files:
                path = os.path.relpath(os.path.join(folder, name), include_root)
                layer_of[path] = rank
    if len(layer_of) < 30:
        print(f"only {len(layer_of)} public headers found under {root}: the layers moved?")
        return 1
    problems = []
    checked = 0
    for rank, layer in enumerate(LAYERS):
        for folder, _, files in os.walk(os.path.join(root, layer)):
            for name in files:
                if not name.endswith((".hpp", ".cpp", ".h")):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                checked += 1
                for match in INCLUDE.finditer(text):
                    header = match.group(1)
                    if header not in layer_of:
                        problems.append(f"{os.path.relpath(path, root)}: includes {header}, which no layer has")
                    elif layer_of[header] > rank:
                        line = text.count("\n", 0, match.start()) + 1
                        problems.append(f"{os.path.relpath(path, root)}:{line}: includes {header} from "
                                        f"{LAYERS[layer_of[header]]}/, a layer above {layer}/")
    for p in problems:
        print(p)
    print(f"{checked} files of {len(LAYERS)} layers read, {len(problems)} includes reach up")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
