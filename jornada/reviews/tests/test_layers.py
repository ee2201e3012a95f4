"""Models hold state: no hidden writes in save(), no function-level imports of the layers above."""

from __future__ import annotations

import ast
from pathlib import Path

import jornada

PACKAGE = Path(jornada.__file__).parent
MODELS = ("reviews/models.py", "contributions/models.py")


def _tree(relative: str) -> ast.Module:
    return ast.parse((PACKAGE / relative).read_text(), filename=relative)


def test_it_overrides_no_save_in_the_review_and_contribution_models() -> None:
    """Renewing caches or generations is a service's write, visible to its reader, never a save() side effect."""
    overrides = [
        f"{relative}:{cls.name}.save"
        for relative in MODELS
        for cls in ast.walk(_tree(relative))
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, ast.FunctionDef) and node.name == "save"
    ]
    assert overrides == []


def test_it_imports_no_selector_or_service_from_the_review_models() -> None:
    """reviews.models sits below reviews.selectors: no import of it (at any level) that would need dodging."""
    upward = [
        f"{relative}:{node.lineno} {node.module}"
        for relative in MODELS
        for node in ast.walk(_tree(relative))
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.rsplit(".", 1)[-1] in ("selectors", "services", "tasks", "views")
    ]
    assert upward == []
