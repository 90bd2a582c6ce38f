#!/usr/bin/env python3
"""A Maelstrom lin-kv node in Python (for grove-check run; it runs unchanged under Maelstrom).

Every read, write and cas is served by the leader (the first node of node_ids): other nodes forward
to it and relay its answer, so the store is linearizable on any number of nodes. The leader sends
each change to the others as `replicate`.

--stale-reads plants a bug: a follower serves reads from its own replica, which may not have
received the leader's latest `replicate` yet (a stale read).
"""
import json
import sys

STALE = "--stale-reads" in sys.argv
node_id = None
nodes = []
data = {}
next_id = 0
relays = {}  # msg_id of a forward -> the client request it relays


def log(*args):
    print(node_id, *args, file=sys.stderr, flush=True)


def send(dest, body):
    global next_id
    next_id += 1
    body = dict(body, msg_id=next_id)
    sys.stdout.write(json.dumps({"src": node_id, "dest": dest, "body": body}) + "\n")
    sys.stdout.flush()
    return next_id


def reply(req, body):
    send(req["src"], dict(body, in_reply_to=req["body"]["msg_id"]))


def apply(body):
    key = json.dumps(body["key"])
    kind = body["type"]
    if kind == "read":
        if key not in data:
            return {"type": "error", "code": 20, "text": "no such key"}
        return {"type": "read_ok", "value": data[key]}
    if kind == "write":
        data[key] = body["value"]
        replicate(body["key"])
        return {"type": "write_ok"}
    if key not in data:
        return {"type": "error", "code": 20, "text": "no such key"}
    if data[key] != body["from"]:
        return {"type": "error", "code": 22, "text": "expected %r, had %r" % (body["from"], data[key])}
    data[key] = body["to"]
    replicate(body["key"])
    return {"type": "cas_ok"}


def replicate(key):
    for n in nodes[1:]:
        send(n, {"type": "replicate", "key": key, "value": data[json.dumps(key)]})


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    kind = body["type"]
    if kind == "init":
        node_id = body["node_id"]
        nodes = body["node_ids"]
        log("initialized; stale reads:", STALE)
        reply(msg, {"type": "init_ok"})
    elif kind in ("read", "write", "cas"):
        if node_id == nodes[0] or (STALE and kind == "read"):
            reply(msg, apply(body))
        else:
            relays[send(nodes[0], {"type": "forward", "request": body})] = msg
    elif kind == "forward":
        reply(msg, {"type": "forward_ok", "result": apply(body["request"])})
    elif kind == "forward_ok":
        reply(relays.pop(body["in_reply_to"]), body["result"])
    elif kind == "replicate":
        data[json.dumps(body["key"])] = body["value"]
