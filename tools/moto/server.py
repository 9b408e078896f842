"""
moto_server, with DynamoDB requests served one at a time.

moto answers requests on threads, and its TransactWriteItems copies every table it touches and,
when the transaction is cancelled (a condition was false), puts those copies back: any write
another request made in between is silently undone. Real DynamoDB never loses a write to a
cancelled transaction. The album and month counters make cancelled transactions routine (a racing
writer re-reads and tries again), so the local stack serialises DynamoDB requests; every other
service keeps moto's threads. test/local/moto.test.ts causes the race and counts what is left.
"""
import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_one_at_a_time = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialised_call_action(self):  # type: ignore[no-untyped-def]
    with _one_at_a_time:
        return _call_action(self)


DynamoHandler.call_action = _serialised_call_action

if __name__ == "__main__":
    sys.exit(main())
