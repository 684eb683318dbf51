"""Test support that ships with newsdesk: the fixture web (a generated set of fictional news
outlets with exact truth), a local server for it and a WARC writer."""
