"""Developer tools, not part of the book: benchmarks, Lighthouse audits, synthetic corpora, a test server.

Run as `python -m interviews.dev bench|audit` (make bench, make audit); reports go to `reports/`.
Modules: bench, audit, synthetic, batch (parse and code in worker processes), server, cli.
"""

__all__ = ["audit", "batch", "bench", "cli", "server", "synthetic"]
