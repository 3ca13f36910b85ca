"""The handbook: validated standards → Markdown pages (series, levels, matrices, print pages, home catalogue,
each family's landing page and 找到我的职级).

`model` arranges the standards, `views` computes what each page shows from typed objects,
`orientation` says which standard is whose (departments, roles, scope, relations), `wording`
words the rules for people, `render` runs the one Jinja environment, `paths` says where each
page lives.

May import: `calculator`, `generator.validation`, `generator.git`, Jinja2, MarkupSafe, PyYAML and the
standard library; never the change log, the calculator site, the site build or the command line.
"""
