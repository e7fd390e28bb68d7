#!/usr/bin/env python3
"""The layers cannot be crossed by accident: every Swift file of a target imports only the
package's own targets that target depends on in Package.swift (and modules from outside the
package). A lower layer importing a higher one, or any target importing one it does not list,
fails, naming the file and the import. Run by `make unit`; LayerTests checks that it fails
on a crossing.

    Tests/check-layers.py [--tree DIR]

The targets and their dependencies come from this package's manifest (`swift package
dump-package`); the Swift files are read from DIR (default: this package), so that a test can
check a copy with a crossing put in.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

package = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
tree = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--tree" else package
# A scratch path of its own: the build folder is locked while `swift test` runs this.
with tempfile.TemporaryDirectory() as scratch:
    dump = json.loads(subprocess.run(["swift", "package", "--scratch-path", scratch, "dump-package"], cwd=package,
                                     check=True, capture_output=True, text=True, timeout=120).stdout)
targets = {}
for target in dump["targets"]:
    dependencies = set()
    for dependency in target["dependencies"]:
        kind = next(iter(dependency))
        dependencies.add(dependency[kind][0])
    folder = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])
    targets[target["name"]] = (os.path.join(tree, folder), dependencies)

own = set(targets) | {name.replace("-", "_") for name in targets}
importing = re.compile(r"^\s*(?:@testable\s+)?import\s+(?:(?:struct|class|enum|func|var|let)\s+)?(\w+)", re.M)
crossings = []
files = 0
for name, (folder, dependencies) in sorted(targets.items()):
    for directory, _, names in os.walk(folder):
        for file in sorted(names):
            if not file.endswith(".swift"):
                continue
            files += 1
            path = os.path.join(directory, file)
            with open(path, encoding="utf-8") as source:
                for imported in importing.findall(source.read()):
                    if imported in own and imported != name and imported not in dependencies:
                        crossings.append(f"{os.path.relpath(path, tree)} ({name}) imports {imported}, "
                                         f"which {name} does not depend on in Package.swift")
for crossing in crossings:
    print("check-layers: " + crossing, file=sys.stderr)
print(f"check-layers: {files} files of {len(targets)} targets, {len(crossings)} crossings")
sys.exit(1 if crossings or files == 0 else 0)
