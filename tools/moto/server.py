"""
moto_server, with DynamoDB requests served one at a time.

moto answers requests on threads, and its TransactWriteItems copies every table it touches and,
when the transaction is cancelled (a condition was false), puts those copies back: any write
another request made in between is silently undone. Real DynamoDB never loses a write to a
cancelled transaction. The album and month counters make cancelled transactions routine (a racing
writer re-reads and tries again), so the local stack serialises DynamoDB requests; every other
service keeps moto's threads. test/local/moto.test.ts causes the race and counts what is left.

It also answers Rekognition DetectModerationLabels, which moto does not emulate, with a stand-in
that looks at the image: a picture that is mostly red comes back as graphic violence ("Blood &
Gore"), anything else as clear. So `make dev` and the tests can make a flagged photo on purpose
(README: "Moderation").
"""
import io
import json
import sys
import threading

from moto.core.exceptions import JsonRESTError
from moto.dynamodb.responses import DynamoHandler
from moto.rekognition.responses import RekognitionResponse
from moto.s3.models import s3_backends
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

if __name__ == "__main__":
    sys.exit(main())
