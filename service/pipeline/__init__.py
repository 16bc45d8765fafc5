"""The comparison pipeline: detect -> segment -> quotes -> translate -> align -> diff -> signals.

Each module is a pure stage over the records in :mod:`service.model`; only
:mod:`service.pipeline.compare` calls them in order. No stage imports Flask or storage.
"""
