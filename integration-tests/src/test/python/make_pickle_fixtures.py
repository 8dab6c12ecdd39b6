"""Writes src/test/resources/pickle/fixtures.json: messages as the Python library sqs-workers sends them.

Run from sqs-tasks-autoconfigure with a checkout of sqs-workers (https://github.com/Doist/sqs-workers, fixtures
made at release 0.7.0) on PYTHONPATH and its dependency boto3 installed:

    PYTHONPATH=/path/to/sqs-workers python3 src/test/python/make_pickle_fixtures.py

Every fixture is one message: its body and its ContentType, JobName and JobContext attributes. Most are sent by
sqs-workers' own JobQueue.add_job to its in-memory SQS and read back, so they are byte for byte what a Python
producer sends; some go through its codec classes only (a top level that add_job cannot make); a few hostile ones
are pickles written by hand or by Python's pickle module at a protocol sqs-workers never uses, then encoded as its
codecs do (zlib, then URL-safe base64) -- their "made_by" says which.

"expected" is the arguments as JSON (tuples and sets as lists, bytes as standard base64); "refused" marks messages a
consumer must dead-letter. The script is deterministic: running it again writes the same file.
"""

import base64
import json
import os
import pathlib
import pickle
import sys
import zlib

from sqs_workers import MemorySession, SQSEnv, create_standard_queue
from sqs_workers import codecs

OUTPUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "pickle" / "fixtures.json"

fixtures = []


def env_with_codec(content_type):
    env = SQSEnv(MemorySession(), codec=content_type)
    create_standard_queue(env, "fixtures")
    return env


def add_job(name, content_type, kwargs, expected=None, refused=None, context=None):
    """Sends one job with sqs-workers' add_job and records the message it put on the queue."""
    env = env_with_codec(content_type)
    queue = env.queue("fixtures")
    env.context.set(**(context or {}))
    queue.add_job("record", **kwargs)
    (message,) = queue.get_raw_messages(0)
    attributes = {key: value["StringValue"] for key, value in message.message_attributes.items()}
    record(name, "sqs-workers add_job", attributes["ContentType"], message.body, attributes["JobContext"],
           expected, refused, context or {})


def encode_like_sqs_workers(binary):
    """What sqs-workers' PickleCodec does after pickle.dumps, for pickles its codec classes cannot make."""
    return base64.urlsafe_b64encode(zlib.compress(binary)).decode("latin1")


def record(name, made_by, content_type, body, job_context, expected, refused, context):
    fixtures.append({
        "name": name,
        "made_by": made_by,
        "content_type": content_type,
        "body": body,
        "job_context": job_context,
        "expected": expected,
        "context": context,
        "refused": refused,
    })


def as_json(value):
    """The arguments as the Java side reads them."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [as_json(item) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


PLAIN = {
    "to": "a@b.c",
    "count": 3,
    "ratio": 0.25,
    "negative": -7,
    "large": 2**40,
    "active": True,
    "archived": False,
    "note": None,
    "tags": ["x", "y"],
    "point": (1, 2),
    "nested": {"inner": {"depth": 2, "items": [1, "two", 3.5, None]}},
    "empty": {"list": [], "tuple": (), "dict": {}},
}

UNICODE = {"greeting": "h\u00e9llo w\u00f6rld", "cjk": "\u4f60\u597d", "emoji": "\U0001F600", "controls": "a\nb\tc\\d",
           "quote": "it's \"quoted\""}

BIG = {"big": 2**100, "negative_big": -(3**80), "u64": 2**64 - 1, "i64_min": -(2**63)}

BYTES = {"data": b"\x00\x01\xfe\xffbinary", "empty": b"", "mutable": bytearray(b"ab")}

SETS = {"ids": {1, 2, 3}, "frozen": frozenset(["only"])}

for content_type in ("pickle_compat", "pickle"):
    add_job(content_type + " plain", content_type, PLAIN, expected=as_json(PLAIN))
    add_job(content_type + " unicode", content_type, UNICODE, expected=as_json(UNICODE))
    add_job(content_type + " big ints", content_type, BIG, expected=as_json(BIG))
    add_job(content_type + " bytes", content_type, BYTES, expected=as_json(BYTES))
    add_job(content_type + " sets", content_type, SETS, expected=as_json(SETS))
    add_job(content_type + " shared values", content_type, {"a": PLAIN["tags"], "b": PLAIN["tags"]},
            expected={"a": ["x", "y"], "b": ["x", "y"]})

add_job("pickle_compat with context", "pickle_compat", {"to": "a@b.c", "subject": "Hi", "attempt": 2},
        expected={"to": "a@b.c", "subject": "Hi", "attempt": 2},
        context={"remote_addr": "10.0.0.1", "request_id": 42})



class HighestProtocolCodec(codecs.PickleCodec):
    """sqs-workers' "pickle" codec on a Python whose default protocol is the highest (5 from Python 3.14)."""
    protocol = pickle.HIGHEST_PROTOCOL


record("pickle with highest protocol", "sqs-workers PickleCodec at pickle.HIGHEST_PROTOCOL", "pickle",
       HighestProtocolCodec.serialize({"x": 1, "b": b"\x00"}), HighestProtocolCodec.serialize({}),
       {"x": 1, "b": "AA=="}, None, {})

for protocol in (0, 1):
    value = dict(PLAIN, **UNICODE, **BIG)
    record("protocol %d" % protocol, "pickle.dumps(protocol=%d), encoded like sqs-workers" % protocol, "pickle",
           encode_like_sqs_workers(pickle.dumps(value, protocol=protocol)), None, as_json(value), None, {})

# A Python 2 producer's str: SHORT_BINSTRING / BINSTRING, which Python 3 never writes.
record("python 2 str", "hand-written protocol 2 pickle, encoded like sqs-workers", "pickle_compat",
       encode_like_sqs_workers(b"\x80\x02}q\x00(U\x04nameq\x01U\x03Bobq\x02X\x04\x00\x00\x00longT\x03\x00\x00\x00"
                               b"abcq\x03u."),
       None, {"name": "Bob", "long": "abc"}, None, {})


class Account:
    def __init__(self):
        self.owner = "mallory"


class Shell:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


class Rot13:
    def __reduce__(self):
        return (codecs_module.encode, ("text", "rot13"))


import codecs as codecs_module  # noqa: E402

add_job("object instance", "pickle_compat", {"account": Account()}, refused="GLOBAL")
add_job("os.system via REDUCE", "pickle_compat", {"command": Shell()}, refused="GLOBAL")
add_job("os.system via REDUCE, highest protocol", "pickle", {"command": Shell()}, refused="STACK_GLOBAL")
add_job("allowed global with other arguments", "pickle_compat", {"text": Rot13()}, refused="REDUCE")
add_job("zlib bomb", "pickle_compat", {"s": "a" * (64 * 1024 * 1024)}, refused="size")
add_job("zlib bomb, small body", "pickle_compat", {"s": "a" * (2 * 1024 * 1024)}, refused="size")

deep = "leaf"
for _ in range(150):
    deep = [deep]
add_job("deep nesting", "pickle_compat", {"deep": deep}, refused="depth")

cycle = []
cycle.append(cycle)
add_job("self-referencing list", "pickle_compat", {"cycle": cycle}, refused="depth")

inner = [0] * 1000
add_job("huge element count through shared values", "pickle_compat", {"rows": [inner] * 1000}, refused="elements")
add_job("huge memo", "pickle", {"lists": [[] for _ in range(120000)]}, refused="memo")
add_job("huge int", "pickle_compat", {"n": 10**1200}, refused="digits")
add_job("non-string key", "pickle_compat", {"by_id": {1: "a"}}, refused="key")

valid = pickle.dumps({"x": 1}, protocol=2)
record("truncated pickle", "pickle.dumps(protocol=2) without its last byte, encoded like sqs-workers",
       "pickle_compat", encode_like_sqs_workers(valid[:-1]), None, None, "truncated", {})
record("content after STOP", "pickle.dumps(protocol=2) and one more byte, encoded like sqs-workers",
       "pickle_compat", encode_like_sqs_workers(valid + b"N"), None, None, "after", {})
record("truncated zlib", "sqs-workers PickleCompatCodec, body cut short", "pickle_compat",
       codecs.PickleCompatCodec.serialize({"x": "y" * 100})[:-8], None, None, "zlib", {})
record("not base64", "text", "pickle_compat", "not base64!", None, None, "base64", {})
record("list at top level", "sqs-workers PickleCompatCodec", "pickle_compat",
       codecs.PickleCompatCodec.serialize([1, 2]), None, None, "top level", {})
record("non-string key at top level", "sqs-workers PickleCompatCodec", "pickle_compat",
       codecs.PickleCompatCodec.serialize({1: "a"}), None, None, "key", {})
record("out-of-band buffer", "pickle.dumps(protocol=5, buffer_callback), encoded like sqs-workers", "pickle",
       encode_like_sqs_workers(pickle.dumps({"b": pickle.PickleBuffer(b"x")}, protocol=5,
                                            buffer_callback=lambda buffer: False)),
       None, None, "NEXT_BUFFER", {})

OUTPUT.parent.mkdir(parents=True, exist_ok=True)
OUTPUT.write_text(json.dumps({
    "generator": "src/test/python/make_pickle_fixtures.py",
    "python": "%d.%d.%d" % sys.version_info[:3],
    "sqs_workers_default_content_type": codecs.DEFAULT_CONTENT_TYPE,
    "fixtures": fixtures,
}, indent=1, ensure_ascii=True) + "\n")
print("wrote %d fixtures to %s" % (len(fixtures), OUTPUT))
