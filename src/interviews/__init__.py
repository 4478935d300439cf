"""What China's social-sector leaders say in interviews: the book's pipeline, stage by stage.

`corpus` (raw text -> paragraph tables) -> `coding` (themes per paragraph) -> `analysis`
(statistics) -> `report` (figures, tables and Markdown for the chapters). `paths` says where
the project's files are, `errors` holds the one error for bad input, `cli` is the command
line (`python -m interviews`). Developer tools (benchmarks, audits) are in `dev`, which no
product module imports.
"""

__version__ = "0.1.0"
