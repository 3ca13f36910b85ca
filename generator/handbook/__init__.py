"""The handbook: validated standards → Markdown pages (series, levels, matrices, print pages, home catalogue).

`model` arranges the standards, `views` computes what each page shows from typed objects,
`wording` words the rules for people, `render` runs the one Jinja environment, `paths` says
where each page lives.

May import: `calculator`, `generator.validation`, `generator.git`, Jinja2, MarkupSafe, PyYAML and the
standard library; never the change log, the calculator site, the site build or the command line.
"""
