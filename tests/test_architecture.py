"""The layering rules of docs/architecture.md, checked on the imports of every module."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "toolkit"


def imports_of(path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n.startswith("toolkit")}


def modules(folder: str):
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_archive_knows_no_platform_and_no_later_stage() -> None:
    for path in modules("archive"):
        bad = {n for n in imports_of(path) if n.startswith(("toolkit.platforms", "toolkit.policy", "toolkit.pii",
                                                             "toolkit.report", "toolkit.pipeline"))}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_policy_and_pii_do_not_import_each_other() -> None:
    for path in modules("policy"):
        assert not {n for n in imports_of(path) if n.startswith("toolkit.pii")}, path
    for path in modules("pii"):
        assert not {n for n in imports_of(path) if n.startswith("toolkit.policy")}, path


def test_nothing_in_the_library_imports_the_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name in {"cli.py", "__main__.py"} and path.parent == PACKAGE:
            continue
        assert "toolkit.cli" not in imports_of(path), path


def test_a_platform_folder_is_only_imported_by_the_registry() -> None:
    for path in PACKAGE.rglob("*.py"):
        if PACKAGE / "platforms" in path.parents:
            continue
        linked = {n for n in imports_of(path) if n.startswith("toolkit.platforms.linkedin")}
        assert not linked, f"{path.relative_to(ROOT)} imports {linked}"
