"""Analysis of parsed and coded paragraphs: structure, facts, words, summaries and comparisons.

Plain functions from tables to tables; nothing here draws or writes a file.
Modules: structure, facts, words, summaries, comparison.
"""

__all__ = ["comparison", "facts", "structure", "summaries", "words"]
