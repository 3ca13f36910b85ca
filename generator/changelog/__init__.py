"""The change log (标准变更记录): what each version changed in each standard, in words, with Atom feeds.

`history` reads the git history (three git calls however long it is), `describe` compares two
compiled versions of a standard and says whether each change affects grades, `changes` groups the
changes by version and standard and renders the page, `feed` writes the Atom feeds.

May import: `calculator`, `generator.git`, `generator.validation`, `generator.handbook` (its wording and renderer).
"""

from .changes import History, change_log, page

__all__ = ["History", "change_log", "page"]
