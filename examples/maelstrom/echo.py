#!/usr/bin/env python3
"""The smallest Maelstrom node: answers echo with echo_ok. Each init appends a line to boots.txt in
its working directory, which grove-check keeps across a crash and restart (its fault tests read it)."""
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
        with open("boots.txt", "a") as f:
            f.write(node_id + "\n")
        out = {"type": "init_ok"}
    elif body["type"] == "echo":
        out = {"type": "echo_ok", "echo": body["echo"]}
    else:
        continue
    out.update(msg_id=next_id, in_reply_to=body["msg_id"])
    print(json.dumps({"src": node_id, "dest": msg["src"], "body": out}), flush=True)
