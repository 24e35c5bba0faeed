"""The `readiness` command: one module per command family, `main` in `cli.main`."""

from .main import main

__all__ = ["main"]
