"""``newsdesk cluster``'s run through the pipeline: JSON lines, ingest's enrichment stage, story rows."""

from __future__ import annotations

import io
import json

from newsdesk.pipeline.cluster_run import cluster_lines
from newsdesk.settings import Settings

FLOOD = "Floods closed the river bridge in Millbrook on Monday as the water rose two metres overnight."
FIRE = "A fire destroyed the old paper mill in Eastport; firefighters fought the blaze for six hours."


def test_rows_in_input_order_with_errors_and_stories(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [{"id": "a", "title": "Millbrook bridge closed by floods", "body": FLOOD * 3},
             {"id": "b", "title": "Floods close Millbrook bridge", "body": FLOOD * 3},
             "not json", [1, 2],
             {"title": "Eastport paper mill destroyed by fire", "body": FIRE * 3}]
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    out = io.StringIO()
    summary = cluster_lines(str(path), Settings(), out, explain=True, progress=False)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", None, None, "line-5"]
    assert rows[0]["story"] == rows[1]["story"] != rows[4]["story"]
    assert rows[2]["error"].startswith("line 3: ") and rows[3]["error"] == "line 4: not a JSON object"
    assert rows[0]["is_new"] is True and "reason" in rows[1]
    assert summary == ("clustered 5 lines into 2 stories (bad-json 2, joined 1, new-story 2, no-id 1,"
                       " second-looks-at-end 3)")
