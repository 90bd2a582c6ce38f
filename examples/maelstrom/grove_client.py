#!/usr/bin/env python3
"""A Grove client as a Maelstrom node: answers push, force_push and pull by talking to the `grove`
service (the remote). Every push goes to ref `main`.

--variant lsn-cas (default): push = pull, Append at the tip, CAS main from what it read to the new
LSN; force push = pull, Branch from what it read, CAS main from what it read (an informed force push).

--variant logid-check (the seed's first design): push = pull, Append at the tip, Check that main is
still on that log; force push = Branch from the tip it saw, CAS main comparing the log id only. A
force push can then drop a push acknowledged in between (G6).
"""
import json
import sys

VARIANT = sys.argv[sys.argv.index("--variant") + 1] if "--variant" in sys.argv else "lsn-cas"
node_id = None
next_id = 0
waiting = {}  # msg_id of a grove request -> continuation(reply body)
logs_made = 0


def send(dest, body):
    global next_id
    next_id += 1
    body = dict(body, msg_id=next_id)
    sys.stdout.write(json.dumps({"src": node_id, "dest": dest, "body": body}) + "\n")
    sys.stdout.flush()
    return next_id


def reply(req, body):
    send(req["src"], dict(body, in_reply_to=req["body"]["msg_id"]))


def call(body, then):
    waiting[send("grove", body)] = then


def fail(req, r):
    """Pass the remote's error on: a lost reply (code 0) stays indefinite."""
    reply(req, {"type": "error", "code": r.get("code", 13), "text": r.get("text", "")})


def push(req):
    commit = req["body"]["commit"]

    def pulled(r):
        if r["type"] == "error":
            return fail(req, r)
        at, tip = r["at"], r["tip"]
        mine = {"log": at["log"], "lsn": tip + 1}

        def appended(a):
            if a["type"] == "error":
                return fail(req, a)
            if VARIANT == "logid-check":
                call({"type": "check", "ref": "main", "at": mine, "mode": "read"}, confirmed)
            else:
                call({"type": "cas", "ref": "main", "expected": at, "next": mine}, confirmed)

        def confirmed(c):
            if c["type"] == "error":
                return fail(req, c)
            reply(req, {"type": "push_ok"})

        call({"type": "append", "log": at["log"], "lsn": tip + 1, "commit": commit}, appended)

    call({"type": "pull", "ref": "main"}, pulled)


def force_push(req):
    global logs_made
    commit = req["body"]["commit"]
    logs_made += 1
    new_log = "%s_%d" % (node_id, logs_made)

    def pulled(r):
        if r["type"] == "error":
            return fail(req, r)
        at, tip = r["at"], r["tip"]
        base = {"log": at["log"], "lsn": tip} if VARIANT == "logid-check" else at
        compare = "log" if VARIANT == "logid-check" else "logref"

        def branched(b):
            if b["type"] == "error":
                return fail(req, b)
            nxt = {"log": new_log, "lsn": base["lsn"] + 1}
            call({"type": "cas", "ref": "main", "expected": base, "next": nxt, "compare": compare}, swapped)

        def swapped(c):
            if c["type"] == "error":
                return fail(req, c)
            reply(req, {"type": "force_push_ok"})

        call({"type": "branch", "from": base, "to": new_log, "commit": commit}, branched)

    call({"type": "pull", "ref": "main"}, pulled)


def pull(req):
    def pulled(r):
        if r["type"] == "error":
            return fail(req, r)
        reply(req, {"type": "pull_ok", "at": r["at"]})

    call({"type": "pull", "ref": "main"}, pulled)


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    kind = body["type"]
    if kind == "init":
        node_id = body["node_id"]
        print(node_id, "grove client, variant", VARIANT, file=sys.stderr, flush=True)
        reply(msg, {"type": "init_ok"})
    elif kind == "push":
        push(msg)
    elif kind == "force_push":
        force_push(msg)
    elif kind == "pull":
        pull(msg)
    elif "in_reply_to" in body and body["in_reply_to"] in waiting:
        waiting.pop(body["in_reply_to"])(body)
