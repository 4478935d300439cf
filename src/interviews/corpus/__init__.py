"""The corpus: interview metadata, raw transcripts parsed into paragraph tables, and reading notes.

Also the manifest that keeps `data/raw` unchanged, and `intake`: adding and removing an interview.
Modules: metadata, transcripts, manifest, reading_notes, intake.
"""

__all__ = ["intake", "manifest", "metadata", "reading_notes", "transcripts"]
