"""``python -m gateway``: the command line (see :mod:`gateway.cli`)."""

from __future__ import annotations

from gateway.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main(prog_name="python -m gateway")
