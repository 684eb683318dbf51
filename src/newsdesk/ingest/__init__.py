"""Ingest: source adapters that turn feeds, sitemaps, sites, URL lists (and WARCs, folders) into
``model.Page`` records, plus ``model.Drop`` records for what failed, each with its reason.

All network access goes through ``newsdesk.ingest.fetch.Fetcher``.
"""
