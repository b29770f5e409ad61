"""Where the project's data folders are, whether run from a checkout or an installed copy."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_dir(name: str) -> Path:
    """``migrations/`` or ``locales/`` beside the package, else in the working directory.

    A checkout or editable install has them beside ``bot/``; the Docker image runs from
    ``/app``, where they are copied too.
    """
    for candidate in (PACKAGE_DIR.parent / name, Path.cwd() / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"cannot find the {name}/ folder beside {PACKAGE_DIR} or in {Path.cwd()}"
    )
