"""Curation actions change what readers see at once (cache invalidated); ETags answer 304."""

from __future__ import annotations

from .test_security import _admin_csrf, _login


def test_etag_and_304(client):
    r1 = client.get("/")
    etag = r1.headers["etag"]
    assert client.get("/").headers["etag"] == etag  # served from the cache, same bytes
    r2 = client.get("/", headers={"if-none-match": etag})
    assert r2.status_code == 304 and r2.content == b""
    j = client.get("/index.json")
    assert client.get("/index.json", headers={"if-none-match": j.headers["etag"]}).status_code == 304


def _top(client):
    return client.get("/index.json").json()["top_stories"]


def test_pin_hide_headline_merge_split_section_sources(client, data):
    _login(client, data)
    csrf = _admin_csrf(client)
    post = lambda path, **form: client.post(path, data={"csrf": csrf, **form}, follow_redirects=False)  # noqa
    top = _top(client)
    last = top[-1]["id"]
    assert post(f"/admin/story/{last}/pin", value="1").status_code == 303
    assert _top(client)[0]["id"] == last and _top(client)[0]["pinned"]
    assert "Editor's pick" in client.get("/").text

    hid = top[1]["id"]
    assert post(f"/admin/story/{hid}/hide", value="1").status_code == 303
    assert hid not in [s["id"] for s in _top(client)]
    assert client.get(f"/story/{hid}").status_code == 404

    assert post(f"/admin/story/{last}/headline", headline="An editor's headline").status_code == 303
    assert client.get(f"/story/{last}.json").json()["story"]["headline"] == "An editor's headline"
    assert post(f"/admin/story/{last}/headline", headline="x").status_code == 400

    a, b = top[2]["id"], top[3]["id"]
    size = top[2]["coverage"] + top[3]["coverage"]
    assert post("/admin/story/merge", target=str(a), others=str(b)).status_code == 303
    assert client.get(f"/story/{a}.json").json()["story"]["coverage"] == size
    members = [t["article"]["id"] for t in client.get(f"/story/{a}.json").json()["timeline"]]
    r = post(f"/admin/story/{a}/split", articles=str(members[-1]))
    assert r.status_code == 303
    new_id = int(r.headers["location"].rsplit("-", 1)[1])
    assert client.get(f"/story/{new_id}.json").json()["story"]["coverage"] == 1
    assert client.get(f"/story/{a}.json").json()["story"]["coverage"] == size - 1

    art = members[0]
    assert post(f"/admin/article/{art}/section", section="Science").status_code == 303
    assert client.get(f"/article/{art}.json").json()["article"]["section"] == "Science"

    assert post("/admin/sources/add", kind="feed", location="https://news.example/rss", name="New").status_code == 303
    src = next(s for s in client.get("/sources.json").json()["sources"] if s["location"] == "https://news.example/rss")
    assert post(f"/admin/sources/{src['id']}/pause", value="1").status_code == 303
    src = next(s for s in client.get("/sources.json").json()["sources"] if s["id"] == src["id"])
    assert src["paused"] is True
    assert post("/admin/sources/add", kind="feed", location="javascript:alert(1)").status_code == 400


def test_an_editor_marks_an_article_not_news_and_back(client, data):
    _login(client, data)
    csrf = _admin_csrf(client)
    post = lambda path, **form: client.post(path, data={"csrf": csrf, **form}, follow_redirects=False)  # noqa
    latest = lambda: [a["id"] for a in client.get("/index.json").json()["latest"]]  # noqa
    art = latest()[0]
    assert post(f"/admin/article/{art}/type", value="not-news").status_code == 303
    assert art not in latest()
    page = client.get(f"/article/{art}.json")
    assert page.status_code == 200 and page.json()["article"]["page_type"] == "other"  # kept and reachable
    assert "Mark news" in client.get("/admin").text
    assert post(f"/admin/article/{art}/type", value="not-news-ish").status_code == 400
    assert post(f"/admin/article/{art}/type", value="news").status_code == 303
    assert art in latest()
