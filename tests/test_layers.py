"""The import layers (`.importlinter`): reports above the domain apps above portal, no app
importing one above it. A new import across the layers fails here; the known exceptions are
listed in the contract, to be removed, never added to."""

from pathlib import Path

from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parent.parent / ".importlinter"


def test_no_app_imports_one_above_it():
    assert lint_imports(config_filename=str(CONFIG), no_cache=True) == 0
