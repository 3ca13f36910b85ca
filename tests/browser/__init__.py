"""Tests against the built site: in headless Chromium, or on the files and runs of a full `competency build`.

Every module here is marked `browser`; `pytest -m "not browser"` (the fast loop) leaves them out.
"""
