"""Developer tasks: ``nox -s tests lint typecheck bench demo``."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the in-process simulator."""
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package."""
    session.install("-e", ".[dev]")
    session.run("mypy", "--strict", "trenz_async")


@nox.session
def bench(session: nox.Session) -> None:
    """Client CPU overhead, then bulk publishing: the SDK and the runner vs raw aiohttp."""
    session.install("-e", ".[dev]")
    session.run("python", "benchmarks/overhead.py", *session.posargs)
    session.run("python", "benchmarks/bulk.py")


@nox.session
def demo(session: nox.Session) -> None:
    """The demo job against the in-process simulator."""
    session.install("-e", ".[cli]")
    session.run("trenz-async", "demo", *session.posargs)
