"""An independent reading of CONTRACT.md sections 1 and 2, to hold clicklog's results against.

Encodes and decodes ClickLog values with fastavro (single-object framing or the bare body),
parses the `time` field, and recounts the top destinations of every sliding window from a list
of decoded records. Nothing here uses clicklog's code; it follows the contract's text.
"""
import io
import json
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fastavro

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = fastavro.parse_schema(json.loads((ROOT / "schema" / "clicklog.avsc").read_text()))
CANONICAL_FORM = fastavro.schema.to_parsing_canonical_form(SCHEMA)
# fastavro renders CRC-64-AVRO as the fingerprint's little-endian bytes, the order framing uses.
FINGERPRINT = bytes.fromhex(fastavro.schema.fingerprint(CANONICAL_FORM, "CRC-64-AVRO"))
SINGLE_OBJECT_HEADER = b"\xc3\x01" + FINGERPRINT
FIELDS = ("user_id", "time", "action", "destination", "hotel")

MINUTE_MS = 60_000


def click_log(user_id=None, time=None, action=None, destination=None, hotel=None):
    return {"user_id": user_id, "time": time, "action": action,
            "destination": destination, "hotel": hotel}


def encode_body(record):
    out = io.BytesIO()
    fastavro.schemaless_writer(out, SCHEMA, record)
    return out.getvalue()


def encode_single_object(record):
    return SINGLE_OBJECT_HEADER + encode_body(record)


def decode_body(body):
    """The record in a bare Avro body, or None when the bytes are not exactly one record."""
    stream = io.BytesIO(body)
    try:
        record = fastavro.schemaless_reader(stream, SCHEMA)
    except Exception:  # fastavro raises several types on malformed input
        return None
    return record if stream.tell() == len(body) else None


def decode_value(value, value_format="single-object"):
    """The record in a Kafka value as clicklog reads it, or None for a bad record."""
    if value is None:
        return None
    if value_format == "raw":
        return decode_body(value)
    if not value.startswith(SINGLE_OBJECT_HEADER):
        return None
    return decode_body(value[len(SINGLE_OBJECT_HEADER):])


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})")
_SPACED = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_time(text):
    """Epoch milliseconds of a valid `time` (CONTRACT.md section 1), else None."""
    if text is None:
        return None
    zone = "Z"
    match = _RFC3339.fullmatch(text)
    if match:
        zone = match.group(8)
    else:
        match = _SPACED.fullmatch(text)
        if not match:
            return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    millis = int(((match.group(7) or "") + "000")[:3])
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        return None
    if zone != "Z":
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        moment = moment - offset if zone[0] == "+" else moment + offset
    return (moment - _EPOCH) // timedelta(milliseconds=1) + millis


def format_utc(epoch_ms):
    moment = _EPOCH + timedelta(milliseconds=epoch_ms)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{epoch_ms % 1000:03d}Z" if epoch_ms % 1000 else "Z")


def is_counted_search(record):
    return (record is not None and record.get("action") == "search"
            and bool(record.get("destination")) and parse_time(record.get("time")) is not None)


def top_destinations(records, window_ms=10 * MINUTE_MS, slide_ms=10_000, top=10):
    """One result per window end E (a multiple of the slide) whose window [E-W, E) holds a
    counted search: [{"window_start": ms, "window_end": ms, "top": [(destination, n), ...]}]
    in increasing E, ranked by count descending, then destination bytewise."""
    per_end = defaultdict(Counter)
    for record in records:
        if not is_counted_search(record):
            continue
        t = parse_time(record["time"])
        # The windows holding t are those whose end E satisfies t < E <= t + W.
        first_end = (t // slide_ms + 1) * slide_ms
        last_end = (t + window_ms) // slide_ms * slide_ms
        for end in range(first_end, last_end + 1, slide_ms):
            per_end[end][record["destination"]] += 1
    results = []
    for end in sorted(per_end):
        ranked = sorted(per_end[end].items(), key=lambda kv: (-kv[1], kv[0].encode("utf-8")))
        results.append({"window_start": end - window_ms, "window_end": end, "top": ranked[:top]})
    return results


def parse_jsonl_results(text):
    """clicklog's JSON lines, in the shape top_destinations returns; checks the time format."""
    results = []
    for line in text.splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for key in ("window_start", "window_end"):
            assert row[key].endswith("Z"), f"{key} is not RFC 3339 UTC with Z: {line}"
            assert parse_time(row[key]) is not None, f"{key} does not parse: {line}"
        results.append({
            "window_start": parse_time(row["window_start"]),
            "window_end": parse_time(row["window_end"]),
            "top": [(entry["destination"], entry["searches"]) for entry in row["top"]],
        })
    return results


def assert_same_results(actual, expected):
    """Equality of two result lists, failing with the first differing window, readably."""
    ends_actual = [r["window_end"] for r in actual]
    assert ends_actual == sorted(ends_actual), "windows are not in increasing window_end"
    by_end_actual = {r["window_end"]: r for r in actual}
    by_end_expected = {r["window_end"]: r for r in expected}
    missing = sorted(set(by_end_expected) - set(by_end_actual))
    extra = sorted(set(by_end_actual) - set(by_end_expected))
    assert not missing, f"{len(missing)} windows missing, first ends {format_utc(missing[0])}"
    assert not extra, f"{len(extra)} unexpected windows, first ends {format_utc(extra[0])}"
    assert len(actual) == len(expected), "a window was emitted twice"
    for end, want in by_end_expected.items():
        got = by_end_actual[end]
        assert got == want, f"window ending {format_utc(end)}:\n got  {got}\n want {want}"
