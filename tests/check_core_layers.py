#!/usr/bin/env python3
"""Checks the layering of core (docs/architecture.md §2): the areas of core/ (common, io, data,
model, moe, analysis, train, eval, store, report, jobs) include each other without a cycle, and
core includes nothing of the front ends (app/, widgets/) or of Qt.

Usage: check_core_layers.py [REPO_ROOT]. Prints the area graph; exits 1 naming every cycle (with
the files that close it) or forbidden include."""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    core = os.path.join(root, "core")
    edges = {}   # area -> {area it includes: [files]}
    problems = []
    for area in sorted(os.listdir(core)):
        folder = os.path.join(core, area)
        if not os.path.isdir(folder):
            continue
        edges.setdefault(area, {})
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".h", ".cpp")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for target in INCLUDE.findall(text):
                rel = f"core/{area}/{name}"
                if target.startswith(("app/", "widgets/")) or re.match(r"Q[A-Za-z]+$|Qt[A-Za-z]+/", target):
                    problems.append(f"{rel} includes {target}: core stays free of the front ends and of Qt")
                m = re.match(r"core/([a-z_]+)/", target)
                if m and m.group(1) != area:
                    edges[area].setdefault(m.group(1), []).append(rel)

    # Cycles: strongly connected components of more than one area (Tarjan).
    index, low, on_stack, stack, sccs = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                sccs.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    for component in sccs:
        detail = "; ".join(f"{a} -> {b} ({', '.join(edges[a][b])})"
                           for a in component for b in sorted(edges[a]) if b in component)
        problems.append(f"core areas include each other in a cycle: {', '.join(component)}: {detail}")

    for area in sorted(edges):
        print(f"{area:9} -> {', '.join(sorted(edges[area])) or '-'}")
    for p in problems:
        print("error:", p)
    print(f"{len(edges)} areas, {sum(len(t) for t in edges.values())} dependencies, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
