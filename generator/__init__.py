"""The generator: standards YAML → validated, compiled standards → handbook pages and calculator → site.

Its rooms are named after the steps, and data flows one way through them:

- `validation/`: the only code that reads standards YAML; hands on each standard resolved and compiled;
- `git.py`: the standards' version and history, from git;
- `handbook/`: the handbook's pages (series, levels, matrices, print pages) from the compiled standards;
- `changelog/`: the change log page, from the git history;
- `calculator_site/`: the in-page calculator (rules bundle, wheels, Pyodide, form pages);
- `site/`: orders the other rooms' output into `build/docs` and runs MkDocs, atomically;
- `cli.py`: the `competency` command.

May import: nothing itself; each room's docstring says what it may import (`tests/test_layers.py`).
"""
