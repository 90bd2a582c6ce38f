#!/usr/bin/env python3
"""The smallest Maelstrom node: answers echo with echo_ok (used by grove-check's fault tests)."""
import json
import sys

node_id = None
next_id = 0
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    next_id += 1
    if body["type"] == "init":
        node_id = body["node_id"]
        out = {"type": "init_ok"}
    elif body["type"] == "echo":
        out = {"type": "echo_ok", "echo": body["echo"]}
    else:
        continue
    out.update(msg_id=next_id, in_reply_to=body["msg_id"])
    print(json.dumps({"src": node_id, "dest": msg["src"], "body": out}), flush=True)
