"""Entry point: ``linkorganizer COMMAND …`` runs the command line; no command opens the app;
``linkorganizer --self-test`` checks the installation (the same in every build: source, wheel or frozen)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def gui_database_argument(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """Split off ``--db PATH`` (the one option the app takes); return it and what is left."""
    rest: list[str] = []
    db: str | None = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--db" and args:
            db = args.pop(0)
        elif arg.startswith("--db="):
            db = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return db, rest


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in argv:
        from linkorganizer.selftest import main as self_test

        return self_test([arg for arg in argv if arg != "--self-test"])
    db, rest = gui_database_argument(argv)
    if rest:
        from linkorganizer.cli import run

        return run(argv)
    # Only the GUI path loads Qt.
    from linkorganizer.app import run_gui

    return run_gui(db)


if __name__ == "__main__":
    sys.exit(main())
