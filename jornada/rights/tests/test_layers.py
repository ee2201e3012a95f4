"""The rights app's modules import each other at the top only: no cycle hidden inside a function."""

import ast
from pathlib import Path

RIGHTS = Path(__file__).resolve().parent.parent


def _late_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("jornada"):
                    found.append(f"{path.name}:{inner.lineno} {inner.module}")
                elif isinstance(inner, ast.Import):
                    found += [
                        f"{path.name}:{inner.lineno} {a.name}"
                        for a in inner.names
                        if a.name.startswith("jornada")
                    ]
    return found


def test_it_has_no_function_level_imports_of_its_own_modules() -> None:
    """services queue the voice task and tasks run the voice services, both through rights.voice below them."""
    # apps.py is exempt: AppConfig.ready() is where Django wants an app's late imports.
    modules = [path for path in sorted(RIGHTS.glob("*.py")) if path.name != "apps.py"]
    late = [hit for path in modules for hit in _late_imports(path)]
    assert late == []
