"""The engine reads in one pass: dependencies run one way, modules and functions stay small."""
import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 350, 60


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(ENGINE.rglob("*.py")):
        name = ".".join(path.relative_to(ENGINE.parent).with_suffix("").parts).removesuffix(".__init__")
        out[name] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return out


def _target(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    found = modules()
    graph: dict[str, set[str]] = {}
    for name, (path, tree) in found.items():
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _target(name, node, path.name == "__init__.py")
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    edges.add(full if full in found else target)
            elif isinstance(node, ast.Import):
                edges |= {a.name for a in node.names}
        graph[name] = {e for e in edges if e in found and e != name}
    return graph


def test_no_import_cycle():
    graph, state, cycles = import_graph(), {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert not cycles, cycles


def test_no_import_inside_a_function():
    offenders = []
    for name, (path, tree) in modules().items():
        if path.name == "__main__.py":
            continue  # the CLI may defer heavy imports for start-up time
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                offenders += [f"{name}.{fn.name}:{n.lineno}" for n in ast.walk(fn)
                              if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not offenders, offenders


def test_modules_and_functions_are_small():
    long_modules, long_functions = [], []
    for name, (path, tree) in modules().items():
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES:
            long_modules.append(name)
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES:
                long_functions.append(f"{name}.{fn.name} ({fn.end_lineno - fn.lineno + 1} lines)")
    assert not long_modules and not long_functions, (long_modules, long_functions)
