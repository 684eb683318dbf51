"""Ingest: source adapters that turn WARCs, folders, URLs, feeds, sitemaps and sites into
``model.Page`` records, plus ``model.Drop`` records for what failed, each with its reason.

Every kind has one adapter signature (``sources``: the registry by kind); an adapter only
yields records, with its checkpoint in each ``Item.cursor`` and notes for the sink
(``Fetched`` for each fetch, ``SourceUpdate``). Nothing here writes to storage or imports the
pipeline. All network access goes through ``newsdesk.ingest.fetch.Fetcher``; URL identity is
ground (``newsdesk.urlid``).
"""
