"""Coding: the codebook of themes, the rule-based coder that applies it, and agreement statistics.

`coder.code_text` is the coder's readable definition; `_fast` computes the same, faster; `memo` keeps
codings in the machine's cache.
Modules: codebook, coder, agreement.
"""

__all__ = ["agreement", "codebook", "coder"]
