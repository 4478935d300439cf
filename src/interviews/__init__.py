"""What China's social-sector leaders say in interviews: corpus, statistics, figures.

Modules: `metadata` (data/interviews.yml), `corpus` (raw text -> paragraphs),
`structure` (questions, answers, words), `facts` (numbers and dates in the text),
`text` (tokens, word frequencies), `annotations` (hand-written reading notes),
`figures`, `render` (Markdown for chapters), `chapter` (one chapter's data), `cli`.
"""

__version__ = "0.1.0"
