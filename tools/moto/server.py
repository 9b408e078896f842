"""
moto_server, with DynamoDB transactions that undo only their own writes, served one at a time.

moto's TransactWriteItems deep-copies every table it touches before it starts and, when the
transaction is cancelled (a condition was false), puts those copies back. That loses writes: any
write another request made in between is silently undone, where real DynamoDB never loses a write
to a cancelled transaction. It is also slow and grows without bound: the copy includes the table's
stream records, which only grow, so each transaction costs time and garbage in proportion to every
write ever made (a 270-photo load run drove moto past 21 GB). Here a transaction keeps an undo log
instead: a copy of each item it is about to change, put back in reverse order when it is
cancelled, with the stream records it added taken off again. moto's item and index code is not
safe to run on two threads at once (a query iterates the dict a put resizes), so DynamoDB requests
are still served one at a time; every other service keeps moto's threads. test/local/moto.test.ts
causes the race and the rollbacks and checks what is left.

It counts every call it serves, by service and operation, with the bytes each carried and the time
moto spent on it: GET /_album/calls reads the counts, DELETE /_album/calls starts them again. The
load command (src/cli/load.ts) reads them to say what each upload costs; a request whose
User-Agent contains "album-observer" (the load command's own reads) is served but not counted.

It also answers Rekognition DetectModerationLabels, which moto does not emulate, with a stand-in
that looks at the image: a picture that is mostly red comes back as graphic violence ("Blood &
Gore"), anything else as clear. So `make dev` and the tests can make a flagged photo on purpose
(README: "Moderation").

terraform_gaps.py adds what the AWS provider for Terraform needs and moto lacks (`make rehearse`).
"""
import copy
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
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
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


def _item_key(table: Any, key: dict[str, Any]) -> tuple[DynamoType, DynamoType | None]:
    hash_value = DynamoType(key[table.hash_key_attr])
    return hash_value, DynamoType(key[table.range_key_attr]) if table.range_key_attr else None


def _restore(table: Any, hash_value: DynamoType, range_value: DynamoType | None, previous: Any) -> None:
    if range_value is None:
        if previous is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = previous
        return
    if previous is None:
        table.items.get(hash_value, {}).pop(range_value, None)
        if hash_value in table.items and not table.items[hash_value]:
            del table.items[hash_value]
    else:
        table.items[hash_value][range_value] = previous


def _transact_write_items(self, transact_items):  # type: ignore[no-untyped-def]
    """moto's TransactWriteItems, same checks and errors, with an undo log instead of table copies."""
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    undo: list[tuple[Any, DynamoType, DynamoType | None, Any]] = []
    stream_lengths: dict[int, tuple[Any, int]] = {}
    seen: set[tuple[str, str]] = set()

    def roll_back() -> None:
        for table, hash_value, range_value, previous in reversed(undo):
            _restore(table, hash_value, range_value, previous)
        for shard, length in stream_lengths.values():
            del shard.items[length:]

    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for entry in transact_items:
        if len(entry) > 1:
            raise TransactWriteSingleOpException
        original_item: dict[str, Any] | None = None
        try:
            op_type, op = next(iter(entry.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            table = self.get_table(table_name)
            if op_type == "Put":
                attrs = op["Item"]
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            unique = (str(table_name), str(dict(sorted(key.items()))))
            if unique in seen:
                raise MultipleTransactionsException()
            seen.add(unique)

            condition = op.get("ConditionExpression")
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            current = self.get_item(table_name, key)
            if condition is not None and not get_filter_expression(condition, names, values).expr(current):
                if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                    original_item = current.to_json()["Attributes"]
                raise ConditionalCheckFailed(item=original_item)
            if op_type != "ConditionCheck":
                if table.stream_shard is not None and id(table) not in stream_lengths:
                    stream_lengths[id(table)] = (table.stream_shard, len(table.stream_shard.items))
                undo.append((table, *_item_key(table, key), copy.deepcopy(current)))
            if op_type == "Put":
                self.put_item(table_name, op["Item"], condition_expression=condition, expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Delete":
                self.delete_item(table_name, key, condition_expression=condition, expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Update":
                self.update_item(table_name, key, update_expression=op["UpdateExpression"], condition_expression=condition, expression_attribute_names=names, expression_attribute_values=values)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            roll_back()
            raise
        except ConditionalCheckFailed as error:
            errors.append(("ConditionalCheckFailed", str(error.message), original_item))
        except Exception as error:  # moto reports any other failure as that item's cancellation reason
            errors.append((type(error).__name__, str(error), original_item))

    if any(code is not None for code, _, _ in errors):
        roll_back()
        raise TransactionCanceledException(errors)


DynamoDBBackend.transact_write_items = _transact_write_items

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

# After the counting wrapper, so that it wraps it: CloudWatch's CBOR calls are counted as the JSON
# calls moto serves.
import terraform_gaps  # noqa: E402,F401  (patches moto where the AWS provider needs more of it)

if __name__ == "__main__":
    sys.exit(main())
