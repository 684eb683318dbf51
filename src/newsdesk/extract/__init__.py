"""Extraction stages: pure cores that turn page bytes or page text into an ``Article``."""
