"""
moto_server, with DynamoDB requests served one at a time.

moto answers requests on threads, and its TransactWriteItems copies every table it touches and,
when the transaction is cancelled (a condition was false), puts those copies back: any write
another request made in between is silently undone. Real DynamoDB never loses a write to a
cancelled transaction. The album and month counters make cancelled transactions routine (a racing
writer re-reads and tries again), so the local stack serialises DynamoDB requests; every other
service keeps moto's threads. test/local/moto.test.ts causes the race and counts what is left.

It counts every call it serves, by service and operation, with the bytes each carried and the time
moto spent on it: GET /_album/calls reads the counts, DELETE /_album/calls starts them again. The
load command (src/cli/load.ts) reads them to say what each upload costs; a request whose
User-Agent contains "album-observer" (the load command's own reads) is served but not counted.

It also answers Rekognition DetectModerationLabels, which moto does not emulate, with a stand-in
that looks at the image: a picture that is mostly red comes back as graphic violence ("Blood &
Gore"), anything else as clear. So `make dev` and the tests can make a flagged photo on purpose
(README: "Moderation").
"""
import io
import json
import re
import sys
import threading
import time
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qs

from moto.core.exceptions import JsonRESTError
from moto.dynamodb.responses import DynamoHandler
from moto.rekognition.responses import RekognitionResponse
from moto.s3.models import s3_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.server import main
from PIL import Image

_one_at_a_time = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialised_call_action(self):  # type: ignore[no-untyped-def]
    with _one_at_a_time:
        return _call_action(self)


DynamoHandler.call_action = _serialised_call_action

# Rekognition's three-level taxonomy, parents named, as the real service answers.
_GORE = [
    ("Violence", ""),
    ("Graphic Violence", "Violence"),
    ("Blood & Gore", "Graphic Violence"),
]
_GORE_CONFIDENCE = 97.5


class _RekognitionError(JsonRESTError):
    code = 400


def _mostly_red(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            pixels = list(image.convert("RGB").resize((16, 16)).getdata())
    except OSError as error:
        raise _RekognitionError("InvalidImageFormatException", "Request has unsupported image format") from error
    red, green, blue = (sum(p[channel] for p in pixels) / len(pixels) for channel in range(3))
    return red > 150 and red > 2 * green and red > 2 * blue


def _detect_moderation_labels(self):  # type: ignore[no-untyped-def]
    request = json.loads(self.body)
    s3_object = request.get("Image", {}).get("S3Object")
    min_confidence = float(request.get("MinConfidence", 50))
    if not s3_object:
        raise _RekognitionError("InvalidParameterException", "this stand-in reads images from S3 only")
    try:
        key = s3_backends[self.current_account]["aws"].get_object(s3_object["Bucket"], s3_object["Name"])
    except Exception as error:  # moto raises its own S3 errors; Rekognition says InvalidS3Object
        raise _RekognitionError("InvalidS3ObjectException", "Unable to get object metadata from S3") from error
    if key is None:
        raise _RekognitionError("InvalidS3ObjectException", "Unable to get object metadata from S3")
    flagged = _mostly_red(key.value) and _GORE_CONFIDENCE >= min_confidence
    labels = [
        {"Name": name, "ParentName": parent, "TaxonomyLevel": level + 1, "Confidence": _GORE_CONFIDENCE}
        for level, (name, parent) in enumerate(_GORE)
    ] if flagged else []
    return json.dumps({"ModerationLabels": labels, "ModerationModelVersion": "7.0"})


RekognitionResponse.detect_moderation_labels = _detect_moderation_labels


_CALLS_PATH = "/_album/calls"
_OBSERVER = "album-observer"
_calls_lock = threading.Lock()
_calls: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: {"count": 0, "requestBytes": 0, "responseBytes": 0, "seconds": 0.0, "items": 0})
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([a-z0-9-]+)/aws4_request")
_QUERY_SCOPE = re.compile(r"X-Amz-Credential=[^&/]+(?:/|%2F)\d{8}(?:/|%2F)[^/&%]+(?:/|%2F)([a-z0-9-]+)(?:/|%2F)aws4_request")


def _s3_operation(method: str, path: str, query: str, environ: dict[str, Any]) -> str:
    has_key = "/" in path.strip("/")
    params = parse_qs(query, keep_blank_values=True)
    if method == "POST":
        if "delete" in params:
            return "DeleteObjects"
        if "uploads" in params:
            return "CreateMultipartUpload"
        if "uploadId" in params:
            return "CompleteMultipartUpload"
        return "PostObject"
    if method == "PUT":
        if "partNumber" in params:
            return "UploadPart"
        if environ.get("HTTP_X_AMZ_COPY_SOURCE"):
            return "CopyObject"
        return "PutObject" if has_key else "PutBucket"
    if method == "DELETE":
        return "AbortMultipartUpload" if "uploadId" in params else ("DeleteObject" if has_key else "DeleteBucket")
    if method == "HEAD":
        return "HeadObject" if has_key else "HeadBucket"
    if has_key:
        return "GetObject"
    if "list-type" in params:
        return "ListObjectsV2"
    return f"GetBucket{next(iter(params)).title()}" if params else "ListObjects"


def _operation(environ: dict[str, Any], body: bytes) -> tuple[str, str, int]:
    """The service, the operation, and how many items a batch or transaction carries (else 1)."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    auth = environ.get("HTTP_AUTHORIZATION", "")
    query = environ.get("QUERY_STRING", "")
    scope = _SCOPE.search(auth) or _QUERY_SCOPE.search(query)
    service = scope.group(1) if scope else ""
    if target:
        prefix, _, operation = target.partition(".")
        service = service or prefix
        items = 1
        if operation in ("TransactWriteItems", "TransactGetItems"):
            try:
                items = len(json.loads(body).get("TransactItems", [])) or 1
            except ValueError:
                pass
        return service, operation, items
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded") and body:
        action = parse_qs(body.decode("utf-8", "replace")).get("Action")
        if action:
            return service or "query", action[0], 1
    if not service or service == "s3":
        return "s3", _s3_operation(environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/"), query, environ), 1
    return service, environ.get("REQUEST_METHOD", "GET"), 1


def _calls_report(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    with _calls_lock:
        if environ.get("REQUEST_METHOD") == "DELETE":
            _calls.clear()
        report = [{"service": service, "operation": operation, **figures} for (service, operation), figures in sorted(_calls.items())]
    body = json.dumps({"calls": report}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


_dispatch = DomainDispatcherApplication.__call__


def _counted_dispatch(self, environ, start_response):  # type: ignore[no-untyped-def]
    if environ.get("PATH_INFO") == _CALLS_PATH:
        return _calls_report(environ, start_response)
    if _OBSERVER in environ.get("HTTP_USER_AGENT", ""):
        return _dispatch(self, environ, start_response)
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    service, operation, items = _operation(environ, body)
    started = time.perf_counter()
    response = _dispatch(self, environ, start_response)
    try:
        chunks = list(response)
    finally:
        getattr(response, "close", lambda: None)()
    seconds = time.perf_counter() - started
    with _calls_lock:
        figures = _calls[(service, operation)]
        figures["count"] += 1
        figures["items"] += items
        figures["requestBytes"] += len(body)
        figures["responseBytes"] += sum(len(chunk) for chunk in chunks)
        figures["seconds"] += seconds
    return chunks


DomainDispatcherApplication.__call__ = _counted_dispatch

if __name__ == "__main__":
    sys.exit(main())
