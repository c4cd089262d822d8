"""Docs are part of the product: every CLI command and option is documented in the user guide."""

from __future__ import annotations

import typer.main

from conftest import ROOT
from toolkit.cli import app


def test_every_command_and_option_is_documented() -> None:
    guide = (ROOT / "docs" / "user-guide.md").read_text()
    group = typer.main.get_command(app)
    missing = []
    for name, command in group.commands.items():
        if f"`toolkit {name}" not in guide:
            missing.append(f"command {name}")
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and f"`{opt}" not in guide:
                    missing.append(f"{name} {opt}")
    for param in group.params:
        for opt in param.opts:
            if opt.startswith("--") and f"`{opt}" not in guide:
                missing.append(f"global {opt}")
    assert not missing, f"not in docs/user-guide.md: {missing}"
