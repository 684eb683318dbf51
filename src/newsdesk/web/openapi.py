"""The OpenAPI 3.1 document of the JSON API, built from the routes and the records themselves."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from . import data as d
from .trends import TrendItem

_PRIM = {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
         bool: {"type": "boolean"}}


def _schema(tp: Any, comps: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _schema(args[0], comps) if len(args) == 1 else {"anyOf": [_schema(a, comps) for a in args]}
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is list:
        return {"type": "array", "items": _schema(typing.get_args(tp)[0], comps)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(typing.get_args(tp)[1], comps)}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in comps:
            comps[name] = {}
            hints = typing.get_type_hints(tp)
            comps[name] = {"type": "object", "properties": {
                f.name: _schema(hints[f.name], comps) for f in dataclasses.fields(tp)}}
        return {"$ref": f"#/components/schemas/{name}"}
    return dict(_PRIM.get(tp, {}))


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {"title": {"type": "string"}, "description": {"type": "string"},
                                              "url": {"type": "string"}, **props}}


def openapi_schema(base: str) -> dict[str, Any]:
    comps: dict[str, Any] = {}
    s = lambda tp: _schema(tp, comps)  # noqa: E731
    cards = s(list[d.ArticleCard])
    hit = {"type": "object", "properties": {"article": s(d.ArticleCard), "snippet": {"type": "string"},
                                             "snippet_html": {"type": "string", "description":
                                                              "escaped text; matches in <mark>"},
                                             "score": {"type": "number"}}}
    pages = {
        "/index.json": ("Home: top stories, latest by section, shorts", [], _obj({
            "top_stories": s(list[d.StoryCard]),
            "sections": {"type": "array", "items": {"type": "object", "properties": {
                "section": {"type": "string"}, "slug": {"type": "string"}, "articles": cards}}},
            "shorts": s(list[d.Short]), "latest": cards, "demo": {"type": "boolean"}})),
        "/section/{slug}.json": ("Latest dated news of a section, its undated pages, its trends", ["slug", "page"],
                                 _obj({"section": {"type": "string"}, "articles": cards, "page": {"type": "integer"},
                                       "undated": cards, "trending": s(list[TrendItem])})),
        "/article/{id}.json": ("One article with its story and related articles", ["id"], _obj({
            "article": s(d.ArticleCard), "body_html": {"type": "string"}, "story": s(d.StoryCard | None),
            "in_this_story": cards, "related": s(list[d.RelatedItem]), "entities": s(list[d.EntityRef])})),
        "/story/{id}.json": ("A story: timeline, first report, outlets, why grouped", ["id"], _obj({
            "story": s(d.StoryCard), "timeline": s(list[d.TimelineItem]),
            "first_report": s(d.ArticleCard | None), "reasons": {"type": "array", "items": {"type": "string"}},
            "entities": s(list[d.EntityRef]), "chart": s(d.Chart | None), "short": s(list[d.ShortLine])})),
        "/trending.json": ("Names and phrases above their own baseline, overall and per section", [], _obj({
            "as_of": {"type": "string"}, "bucket_hours": {"type": "integer"},
            "baseline_buckets": {"type": "integer"},
            "overall": {"type": "array", "items": {"type": "object", "properties": {
                "trend": s(TrendItem), "chart": s(d.Chart)}}},
            "sections": {"type": "array", "items": {"type": "object", "properties": {
                "section": {"type": "string"}, "slug": {"type": "string"}, "trends": {"type": "array"}}}}})),
        "/entity/{norm}.json": ("A person, organisation or place", ["norm"], _obj({
            "entity": s(d.EntityRef), "articles": cards, "stories": s(list[d.StoryCard])})),
        "/search.json": ("Full-text search with filters", ["q", "section", "outlet", "entity", "language",
                                                            "since", "until", "page"], _obj({
            "query": s(d.SearchQuery), "total": {"type": "integer"},
            "hits": {"type": "array", "items": hit}})),
        "/shorts.json": ("About sixty words per story", [], _obj({"shorts": s(list[d.Short])})),
        "/sources.json": ("Sources and their status", [], _obj({"sources": s(list[d.SourceInfo])})),
        "/digest.json": ("The digest as mailed", [], _obj({"top_stories": s(list[d.StoryCard])})),
    }
    param_doc = {
        "slug": ("path", "section slug, e.g. world"), "id": ("path", "numeric id"),
        "norm": ("path", "entity key, e.g. ilsa-varga"), "q": ("query", "words to find"),
        "section": ("query", "section name"), "outlet": ("query", "outlet name"),
        "entity": ("query", "entity key"), "language": ("query", "ISO 639-1 code"),
        "since": ("query", "YYYY-MM-DD"), "until": ("query", "YYYY-MM-DD"), "page": ("query", "1-based page"),
    }
    paths: dict[str, Any] = {}
    for path, (summary, params, schema) in pages.items():
        plist = [{"name": p, "in": param_doc[p][0], "required": param_doc[p][0] == "path",
                  "description": param_doc[p][1],
                  "schema": {"type": "integer" if p in ("id", "page") else "string"}} for p in params]
        paths[path] = {"get": {"summary": summary, "parameters": plist, "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
            "404": {"description": "Not found"}, "400": {"description": "Bad query"}}}}
    for feed_path in ("/feed.json", "/section/{slug}/feed.json", "/story/{id}/feed.json",
                      "/entity/{norm}/feed.json", "/search/feed.json", "/shorts/feed.json"):
        plist = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                 for p in ("slug", "id", "norm") if "{" + p + "}" in feed_path]
        paths[feed_path] = {"get": {
            "summary": "JSON Feed 1.1 (also /feed.rss and /feed.atom at the same place)", "parameters": plist,
            "responses": {"200": {"description": "feed", "content": {"application/feed+json": {}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsdesk", "version": "1", "description":
                 "Every HTML page has a JSON twin: add .json to its path (/index.json for the home page)."},
        "servers": [{"url": base}],
        "paths": paths,
        "components": {"schemas": comps},
    }
