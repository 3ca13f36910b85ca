"""The change log (标准变更记录): what each commit to the standards changed, in words.

May import: `calculator`, `generator.git`, `generator.handbook` (its wording and renderer).
"""

from .changes import History, change_log, page

__all__ = ["History", "change_log", "page"]
