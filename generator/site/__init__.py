"""The site build: generated pages and hand-written content into `build/docs`, then MkDocs into `site/`.

`generate()` and `build()` take the standards `validate()` handed on. Nothing here reads YAML of
the standards or words a rule: it orders the other rooms' output, writes it atomically and runs
the site engine (MkDocs + Material) as a plain step.

May import: every other room of `generator` except the command line.
"""

from .publish import Built, Generated, Layout, build, clean_stale, generate, locked, swap, write_atomic

__all__ = ["Built", "Generated", "Layout", "build", "clean_stale", "generate", "locked", "swap", "write_atomic"]
