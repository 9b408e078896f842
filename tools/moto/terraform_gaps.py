"""
What the AWS provider for Terraform needs from moto and moto 5.2 does not do, patched in for
`make rehearse` (src/local/rehearse.ts applies terraform/ to this server). server.py imports this
module for its side effects, so `make dev` and the tests run the same moto.

- CloudWatch in the SDK for Go v2 speaks Smithy RPC v2 CBOR (`POST /service/<target>/operation/<op>`,
  `smithy-protocol: rpc-v2-cbor`); moto speaks CloudWatch's JSON and query protocols only and
  answers 404. The bridge below turns such a request into the equivalent JSON 1.0 request and the
  JSON answer back into CBOR, with timestamps tagged and numbers typed from botocore's model of
  the service (what the Go decoder insists on).
- SQS drops RedriveAllowPolicy (the provider then waits forever for it to appear) and forgets a
  queue's Policy whenever SetQueueAttributes does not name it (the redrive allow policy is set
  after the queue policy, so the queue lost the policy that lets its topic deliver).
- S3 refuses a bucket's access logging with a 500 when the log bucket's policy has a statement
  whose Principal is "*" (every bucket's DenyInsecureTransport), so the log-delivery statement
  next to it is looked for among the statements that name services only.
- S3 evaluates a bucket policy's statements on object requests without the request's context,
  and takes any condition operator but StringEquals as true, so a `Deny` on `aws:SecureTransport`
  false or `s3:TlsVersion` below 1.2 (every bucket Terraform makes has both) denied everything.
  Bool and NumericLessThan are evaluated here, and the policy sees a TLS 1.3 request: moto serves
  plain HTTP on loopback, standing in for the HTTPS that AWS would serve.
- Application Auto Scaling has no ListTagsForResource (the provider reads a scalable target's tags
  back after creating it, and retries the 500 for minutes) and drops the tags given to
  RegisterScalableTarget: both are kept here.
- What moto drops and the provider reads back, so that the second plan would change it again:
  a KMS key's rotation period, an S3 access log's object key format, a Lambda function's logging configuration, a user pool's tier, the
  tags given to CreateBucket (read back through S3 Control), and SQS redrive policies in the
  compact JSON the provider wrote (a whitespace difference is a change to it).
- CloudFront cannot delete a key group (a 500 the provider retries until the destroy fails), and
  drops the comment of a public key and of a key group, an origin's Origin Access
  Control and a behaviour's trusted key groups, and makes up ForwardedValues for behaviours that
  use a cache policy and an SSL support method for the default certificate; EC2 the description of a
  security group rule to a prefix list or another group.
- ECS forgets what CreateService said beyond the few arguments moto models (the capacity
  provider strategy, the deployment configuration, ECS managed tags): the provider then plans to
  change the strategy, which it refuses to do without a new deployment.
- SQS runs Lambda event source mappings itself: every message sent to a queue that has one is
  received at once to invoke the function in Docker, which fails here, so each send bumped the
  receive count of waiting messages towards the dead-letter queue. The local pollers stand in for
  event source mappings (README, "What moto does not emulate"), so moto's own runner is off; the
  mappings themselves are still created, read and deleted.
"""
import io
import json
import re
import struct
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Iterable

import botocore.session
from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.awslambda.models import LambdaFunction
from moto.cloudfront.models import DefaultCacheBehaviour, KeyGroup, Origin, TrustedKeyGroups, ViewerCertificate
from moto.cloudfront.responses import CloudFrontResponse
from moto.cognitoidp.models import CognitoIdpUserPool
from moto.core.utils import camelcase_to_underscores
from moto.ec2.models.security_groups import SecurityGroupRule
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.iam.policy_conditions import CONDITION_OPERATIONS, TrustRelationShipConditions
from moto.kms.responses import KmsResponse
from moto.s3.responses import S3Response
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.s3.models import FakeBucket
from moto.sqs.models import Queue
from moto.utilities.tagging_service import TaggingService

################################################################################
# CBOR (RFC 8949), the subset Smithy RPC v2 uses
################################################################################


class Tag:
    def __init__(self, number: int, value: Any) -> None:
        self.number = number
        self.value = value


_BREAK = object()


def cbor_decode(data: bytes) -> Any:
    value, offset = _decode(data, 0)
    if offset != len(data):
        raise ValueError(f"{len(data) - offset} bytes after the CBOR value")
    return value


def _argument(data: bytes, offset: int, info: int) -> tuple[int | None, int]:
    if info < 24:
        return info, offset
    if info == 31:
        return None, offset  # indefinite length
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return int.from_bytes(data[offset : offset + size], "big"), offset + size


def _decode(data: bytes, offset: int) -> tuple[Any, int]:
    initial = data[offset]
    offset += 1
    major, info = initial >> 5, initial & 0x1F
    if major == 7:
        if info == 20:
            return False, offset
        if info == 21:
            return True, offset
        if info in (22, 23):
            return None, offset
        if info == 25:
            return struct.unpack(">e", data[offset : offset + 2])[0], offset + 2
        if info == 26:
            return struct.unpack(">f", data[offset : offset + 4])[0], offset + 4
        if info == 27:
            return struct.unpack(">d", data[offset : offset + 8])[0], offset + 8
        if info == 31:
            return _BREAK, offset
        raise ValueError(f"unsupported CBOR simple value {info}")
    argument, offset = _argument(data, offset, info)
    if major == 0:
        return argument, offset
    if major == 1:
        return -1 - (argument or 0), offset
    if major in (2, 3):
        if argument is None:
            chunks = []
            while True:
                chunk, offset = _decode(data, offset)
                if chunk is _BREAK:
                    break
                chunks.append(chunk)
            return ("" if major == 3 else b"").join(chunks), offset
        raw = data[offset : offset + argument]
        return (raw.decode("utf-8") if major == 3 else bytes(raw)), offset + argument
    if major == 4:
        items = []
        while argument is None or len(items) < argument:
            item, offset = _decode(data, offset)
            if item is _BREAK:
                break
            items.append(item)
        return items, offset
    if major == 5:
        result: dict[Any, Any] = {}
        while argument is None or len(result) < argument:
            key, offset = _decode(data, offset)
            if key is _BREAK:
                break
            result[key], offset = _decode(data, offset)
        return result, offset
    if major == 6:
        value, offset = _decode(data, offset)
        return Tag(argument or 0, value), offset
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def cbor_encode(value: Any) -> bytes:
    if value is None:
        return b"\xf6"
    if value is True:
        return b"\xf5"
    if value is False:
        return b"\xf4"
    if isinstance(value, Tag):
        return _head(6, value.number) + cbor_encode(value.value)
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(cbor_encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


################################################################################
# JSON <-> CBOR by the service model
################################################################################


@lru_cache(maxsize=None)
def _service_model(target_prefix: str) -> Any:
    """The botocore model of the service whose JSON target prefix this is (CloudWatch's is GraniteServiceVersion20100801)."""
    session = botocore.session.get_session()
    for name in ("cloudwatch",):
        model = session.get_service_model(name)
        if model.metadata.get("targetPrefix") == target_prefix:
            return model
    raise KeyError(target_prefix)


def _to_json(value: Any) -> Any:
    if isinstance(value, Tag):
        return _to_json(value.value) if value.number == 1 else None
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def _epoch(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=timezone.utc).timestamp()


def _to_cbor_value(value: Any, shape: Any) -> Any:
    """A JSON value as the Go decoder wants it: tagged timestamps, floats for doubles, ints for integers."""
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        return {k: _to_cbor_value(v, shape.members.get(k)) for k, v in value.items()} if isinstance(value, dict) else value
    if kind == "list":
        return [_to_cbor_value(v, shape.member) for v in value] if isinstance(value, list) else value
    if kind == "map":
        return {k: _to_cbor_value(v, shape.value) for k, v in value.items()} if isinstance(value, dict) else value
    if kind == "timestamp":
        return Tag(1, _epoch(value))
    if kind in ("double", "float"):
        return float(value)
    if kind in ("integer", "long"):
        return int(value)
    if kind == "blob" and isinstance(value, str):
        import base64

        return base64.b64decode(value)
    return value


_CBOR_PATH = re.compile(r"^/service/([A-Za-z0-9_]+)/operation/([A-Za-z0-9_]+)$")


def _cbor_bridge(dispatch: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def call(self: Any, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        match = _CBOR_PATH.match(environ.get("PATH_INFO", ""))
        if not match or environ.get("HTTP_SMITHY_PROTOCOL") != "rpc-v2-cbor":
            return dispatch(self, environ, start_response)
        target, operation = match.groups()
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        payload = json.dumps(_to_json(cbor_decode(body)) if body else {}).encode()
        inner = dict(environ)
        inner.pop("HTTP_SMITHY_PROTOCOL", None)
        inner.update(
            PATH_INFO="/",
            QUERY_STRING="",
            CONTENT_TYPE="application/x-amz-json-1.0",
            CONTENT_LENGTH=str(len(payload)),
            HTTP_X_AMZ_TARGET=f"{target}.{operation}",
        )
        inner["wsgi.input"] = io.BytesIO(payload)
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer["status"], answer["headers"] = status, headers
            return lambda _data: None

        response = dispatch(self, inner, capture)
        try:
            raw = b"".join(response)
        finally:
            getattr(response, "close", lambda: None)()
        try:
            document = json.loads(raw) if raw.strip() else {}
        except ValueError:
            document = {"__type": "InternalFailure", "message": raw.decode("utf-8", "replace")[:500]}
        if answer["status"].startswith("2"):
            try:
                shape = _service_model(target).operation_model(operation).output_shape
            except Exception:  # an operation the model lacks: send the JSON values as they are
                shape = None
            document = _to_cbor_value(document, shape) if shape is not None else document
        else:
            # The Go client reads the error code from __type and wants no namespace in it.
            code = str(document.get("__type", "InternalFailure")).split("#")[-1]
            document = {"__type": code, "message": document.get("message") or document.get("Message") or ""}
        out = cbor_encode(document)
        headers = [(k, v) for k, v in answer["headers"] if k.lower() not in ("content-type", "content-length")]
        headers += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"), ("Content-Length", str(len(out)))]
        start_response(answer["status"], headers)
        return [out]

    return call


DomainDispatcherApplication.__call__ = _cbor_bridge(DomainDispatcherApplication.__call__)

################################################################################
# SQS
################################################################################

Queue.BASE_ATTRIBUTES = [*Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
Queue.redrive_allow_policy = None  # type: ignore[attr-defined]
_set_attributes = Queue._set_attributes
_attributes = Queue.attributes


def _set_attributes_keeping_policy(self: Queue, attributes: dict[str, Any], now: float | None = None) -> None:
    policy = getattr(self, "policy", None)
    _set_attributes(self, attributes, now)
    if "Policy" not in attributes:
        self.policy = policy
    if attributes.get("RedriveAllowPolicy") == "":
        self.redrive_allow_policy = None  # type: ignore[attr-defined]


def _attributes_with_redrive_allow_policy(self: Queue) -> dict[str, Any]:
    result = _attributes.fget(self)  # type: ignore[attr-defined]
    if not result.get("RedriveAllowPolicy"):
        result.pop("RedriveAllowPolicy", None)
    if self.redrive_policy:
        result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return result


Queue._set_attributes = _set_attributes_keeping_policy  # type: ignore[method-assign]
Queue.attributes = property(_attributes_with_redrive_allow_policy)  # type: ignore[assignment]
# Every queue's mappings dict is a fresh, throw-away one: moto registers mappings into it and
# its send path finds none to run.
Queue.lambda_event_source_mappings = property(lambda self: {}, lambda self, value: None)  # type: ignore[assignment]

################################################################################
# S3 access logging
################################################################################

_log_permissions_enabled_policy = FakeBucket._log_permissions_enabled_policy


def _log_permissions_of_service_statements(target_bucket: FakeBucket, target_prefix: str | None) -> bool:
    if not target_bucket.policy:
        return False
    document = json.loads(target_bucket.policy.decode())
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    services_only = [statement for statement in statements if isinstance(statement.get("Principal"), dict)]
    original = target_bucket.policy
    try:
        target_bucket.policy = json.dumps({**document, "Statement": services_only}).encode()
        return bool(_log_permissions_enabled_policy(target_bucket, target_prefix))
    finally:
        target_bucket.policy = original


FakeBucket._log_permissions_enabled_policy = staticmethod(_log_permissions_of_service_statements)  # type: ignore[method-assign,assignment]

################################################################################
# Application Auto Scaling tags
################################################################################

_autoscaling_tags = TaggingService()
_register_scalable_target = ApplicationAutoScalingResponse.register_scalable_target


def _tag_list(tags: dict[str, str] | None) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in (tags or {}).items()]


def _register_scalable_target_with_tags(self: ApplicationAutoScalingResponse) -> str:
    body = _register_scalable_target(self)
    arn = json.loads(body)["ScalableTargetARN"]
    _autoscaling_tags.tag_resource(arn, _tag_list(self._get_param("Tags")))
    return body


def _list_tags_for_resource(self: ApplicationAutoScalingResponse) -> str:
    return json.dumps({"Tags": _autoscaling_tags.get_tag_dict_for_resource(self._get_param("ResourceARN"))})


def _tag_resource(self: ApplicationAutoScalingResponse) -> str:
    _autoscaling_tags.tag_resource(self._get_param("ResourceARN"), _tag_list(self._get_param("Tags")))
    return "{}"


def _untag_resource(self: ApplicationAutoScalingResponse) -> str:
    _autoscaling_tags.untag_resource_using_names(self._get_param("ResourceARN"), self._get_param("TagKeys") or [])
    return "{}"


ApplicationAutoScalingResponse.register_scalable_target = _register_scalable_target_with_tags  # type: ignore[method-assign]
ApplicationAutoScalingResponse.list_tags_for_resource = _list_tags_for_resource  # type: ignore[attr-defined]
ApplicationAutoScalingResponse.tag_resource = _tag_resource  # type: ignore[attr-defined]
ApplicationAutoScalingResponse.untag_resource = _untag_resource  # type: ignore[attr-defined]

################################################################################
# Attributes moto drops
################################################################################

# KMS: EnableKeyRotation's RotationPeriodInDays (365 when not given, as in KMS).
_rotation_periods: dict[str, int] = {}
_enable_key_rotation = KmsResponse.enable_key_rotation
_get_key_rotation_status = KmsResponse.get_key_rotation_status


def _enable_key_rotation_with_period(self: KmsResponse) -> str:
    result = _enable_key_rotation(self)
    _rotation_periods[self.kms_backend.get_key_id(self._get_param("KeyId"))] = int(self._get_param("RotationPeriodInDays") or 365)
    return result


def _get_key_rotation_status_with_period(self: KmsResponse) -> str:
    status = json.loads(_get_key_rotation_status(self))
    if status.get("KeyRotationEnabled"):
        status["RotationPeriodInDays"] = _rotation_periods.get(self.kms_backend.get_key_id(self._get_param("KeyId")), 365)
    return json.dumps(status)


KmsResponse.enable_key_rotation = _enable_key_rotation_with_period  # type: ignore[method-assign]
KmsResponse.get_key_rotation_status = _get_key_rotation_status_with_period  # type: ignore[method-assign]

# Lambda: LoggingConfig, on create and on update.
_function_init = LambdaFunction.__init__
_get_configuration = LambdaFunction.get_configuration
_update_configuration = LambdaFunction.update_configuration


def _function_init_with_logging(self: LambdaFunction, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
    _function_init(self, account_id, spec, *args, **kwargs)
    self.logging_config = spec.get("LoggingConfig")  # type: ignore[attr-defined]


def _get_configuration_with_logging(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
    configuration = _get_configuration(self, *args, **kwargs)
    logging_config = getattr(self, "logging_config", None)
    if logging_config:
        configuration["LoggingConfig"] = logging_config
    return configuration


def _update_configuration_with_logging(self: LambdaFunction, config_updates: dict[str, Any]) -> dict[str, Any]:
    if "LoggingConfig" in config_updates:
        self.logging_config = config_updates["LoggingConfig"]  # type: ignore[attr-defined]
    return _update_configuration(self, config_updates)


LambdaFunction.__init__ = _function_init_with_logging  # type: ignore[method-assign]
LambdaFunction.get_configuration = _get_configuration_with_logging  # type: ignore[method-assign]
LambdaFunction.update_configuration = _update_configuration_with_logging  # type: ignore[method-assign]

# Cognito: a user pool's tier (ESSENTIALS unless the request named another, as in Cognito).
_user_pool_to_json = CognitoIdpUserPool.to_json


def _user_pool_to_json_with_tier(self: CognitoIdpUserPool, extended: bool = False) -> dict[str, Any]:
    result = _user_pool_to_json(self, extended)
    if extended:
        result.setdefault("UserPoolTier", self.extended_config.get("UserPoolTier") or "ESSENTIALS")
    return result


CognitoIdpUserPool.to_json = _user_pool_to_json_with_tier  # type: ignore[method-assign]

# S3: the Tags of CreateBucketConfiguration, kept where PutBucketTagging keeps them.
_bucket_response_put = S3Response._bucket_response_put


def _bucket_response_put_with_tags(self: S3Response, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
    result = _bucket_response_put(self, request, bucket_name, querystring)
    if not querystring and self.body:
        import xmltodict

        try:
            tags = (xmltodict.parse(self.body).get("CreateBucketConfiguration") or {}).get("Tags") or {}
        except Exception:  # not XML: CreateBucket without a configuration
            tags = {}
        entries = tags.get("Tag") or []
        entries = [entries] if isinstance(entries, dict) else entries
        if entries:
            self.backend.put_bucket_tagging(bucket_name, {tag["Key"]: tag.get("Value") or "" for tag in entries})
    return result


S3Response._bucket_response_put = _bucket_response_put_with_tags  # type: ignore[method-assign]

# ECS: every CreateService argument moto's Service does not model, kept as UpdateService keeps them.
_create_service = EC2ContainerServiceResponse.create_service
_KEPT_SERVICE_ARGUMENTS = ("capacityProviderStrategy", "deploymentConfiguration", "enableECSManagedTags")


def _create_service_keeping_arguments(self: EC2ContainerServiceResponse) -> Any:
    result = _create_service(self)
    cluster = str(self._get_param("cluster", "default")).split("/")[-1]
    service = self.ecs_backend.services[f"{cluster}:{self._get_param('serviceName')}"]
    for name, value in self._get_params().items():
        attribute = camelcase_to_underscores(name)
        if value is not None and (name in _KEPT_SERVICE_ARGUMENTS or not hasattr(service, attribute)):
            setattr(service, attribute, value)
    return result


EC2ContainerServiceResponse.create_service = _create_service_keeping_arguments  # type: ignore[method-assign]

# S3: bucket policies evaluated as for a TLS 1.3 request. moto's statement check answers DENIED
# whenever a condition does not hold, whatever the statement's Effect, so conditions are decided
# here: a statement whose condition does not hold (or names a key this context lacks) is left out.
def _numeric_less_than(expected: Any, actual: str) -> bool:
    values = expected if isinstance(expected, list) else [expected]
    return any(float(actual) < float(value) for value in values)


def _bool_equals(expected: Any, actual: str) -> bool:
    values = expected if isinstance(expected, list) else [expected]
    return any(str(actual).lower() == str(value).lower() for value in values)


CONDITION_OPERATIONS.setdefault("NumericLessThan", _numeric_less_than)
CONDITION_OPERATIONS.setdefault("Bool", _bool_equals)
_TLS_CONTEXT = {"aws:securetransport": "true", "s3:tlsversion": "1.3"}


def _conditions_hold(condition: dict[str, Any]) -> bool:
    for check in TrustRelationShipConditions(condition):
        keys = [key.lower() for key in check.context_keys]
        if any(key not in _TLS_CONTEXT for key in keys) or check._condition not in CONDITION_OPERATIONS:
            return False
        if not check.verify_condition([_TLS_CONTEXT[key] for key in keys]):
            return False
    return True


def _get_permission_over_tls(self: FakeBucket, action: str, resource: str) -> Any:
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    document = json.loads(self.policy.decode())
    statements = document.get("Statement", [])
    statements = [statements] if isinstance(statements, dict) else statements
    results = [
        IAMPolicy(json.dumps({**document, "Statement": [{k: v for k, v in statement.items() if k != "Condition"}]})).is_action_permitted(action, resource)
        for statement in statements
        if not statement.get("Condition") or _conditions_hold(statement["Condition"])
    ]
    if PermissionResult.DENIED in results:
        return PermissionResult.DENIED
    return PermissionResult.PERMITTED if PermissionResult.PERMITTED in results else PermissionResult.NEUTRAL


FakeBucket.get_permission = _get_permission_over_tls  # type: ignore[method-assign]

# CloudFront: the Comment of a public key and of a key group.
_create_public_key = CloudFrontResponse.create_public_key
_create_key_group = CloudFrontResponse.create_key_group


def _create_public_key_with_comment(self: CloudFrontResponse) -> Any:
    result = _create_public_key(self)
    result.result["PublicKey"].comment = self._get_param("PublicKeyConfig").get("Comment") or ""
    return result


def _create_key_group_with_comment(self: CloudFrontResponse) -> Any:
    result = _create_key_group(self)
    result.result["KeyGroup"].comment = self._get_param("KeyGroupConfig.Comment") or ""
    return result


def _key_group_config_with_comment(self: KeyGroup) -> dict[str, Any]:
    config: dict[str, Any] = {"Items": self.items, "Name": self.name}
    if getattr(self, "comment", ""):
        config["Comment"] = self.comment  # type: ignore[attr-defined]
    return config


CloudFrontResponse.create_public_key = _create_public_key_with_comment  # type: ignore[method-assign]
CloudFrontResponse.create_key_group = _create_key_group_with_comment  # type: ignore[method-assign]
KeyGroup.key_group_config = property(_key_group_config_with_comment)  # type: ignore[assignment]

# EC2: a rule's Description sits in its prefix list or source group entry, not only in an IP range.
_rule_init = SecurityGroupRule.__init__


def _rule_init_keeping_entries(self: SecurityGroupRule, *args: Any, **kwargs: Any) -> None:
    _rule_init(self, *args, **kwargs)
    names = ("ec2_backend", "ip_protocol", "group_id", "from_port", "to_port", "ip_range", "source_group", "prefix_list_id")
    given = {**dict(zip(names, args)), **kwargs}
    self.prefix_list_entry = given.get("prefix_list_id") or {}  # type: ignore[attr-defined]


def _rule_description(self: SecurityGroupRule) -> str | None:
    return self.ip_range.get("Description") or self.source_group.get("Description") or getattr(self, "prefix_list_entry", {}).get("Description")


SecurityGroupRule.__init__ = _rule_init_keeping_entries  # type: ignore[method-assign]
SecurityGroupRule.description = property(_rule_description)  # type: ignore[assignment]

# S3: GetBucketLogging with the TargetObjectKeyFormat that PutBucketLogging stored.
_get_bucket_logging = S3Response.get_bucket_logging


def _get_bucket_logging_with_key_format(self: S3Response) -> Any:
    from moto.core.responses import ActionResult

    logging = self.backend.get_bucket_logging(self.bucket_name)
    key_format = (logging or {}).get("TargetObjectKeyFormat")
    if not key_format or logging.get("TargetGrants"):
        return _get_bucket_logging(self)
    key_format = {name: value or {} for name, value in key_format.items() if not name.startswith("@")}
    enabled = {"TargetBucket": logging["TargetBucket"], "TargetPrefix": logging["TargetPrefix"], "TargetObjectKeyFormat": key_format}
    self.data["Action"] = "GetBucketLogging"
    return self.serialized(ActionResult({"LoggingEnabled": enabled}))


S3Response.get_bucket_logging = _get_bucket_logging_with_key_format  # type: ignore[method-assign]

# CloudFront distributions: what the request said, no more and no less.
_origin_init = Origin.__init__
_behaviour_init = DefaultCacheBehaviour.__init__
_certificate_init = ViewerCertificate.__init__
_trusted_key_groups_init = TrustedKeyGroups.__init__


def _origin_init_with_access_control(self: Origin, origin: dict[str, Any]) -> None:
    _origin_init(self, origin)
    self.origin_access_control_id = origin.get("OriginAccessControlId") or ""  # type: ignore[attr-defined]


def _behaviour_init_as_given(self: DefaultCacheBehaviour, config: dict[str, Any]) -> None:
    _behaviour_init(self, config)
    if "ForwardedValues" not in config:
        self.forwarded_values = None  # type: ignore[assignment]


def _certificate_init_as_given(self: ViewerCertificate, config: dict[str, Any]) -> None:
    _certificate_init(self, config)
    self.ssl_support_method = config.get("SSLSupportMethod")


def _trusted_key_groups_init_from_items(self: TrustedKeyGroups, config: dict[str, Any]) -> None:
    _trusted_key_groups_init(self, config)
    items = config.get("Items") or []
    if isinstance(items, dict):  # <Items><KeyGroup>id</KeyGroup>...</Items> as the XML parser leaves it
        items = items.get("KeyGroup") or []
    self.items = [items] if isinstance(items, str) else list(items)
    self.quantity = len(self.items)
    self.enabled = bool(config.get("Enabled", self.quantity > 0))


Origin.__init__ = _origin_init_with_access_control  # type: ignore[method-assign]
DefaultCacheBehaviour.__init__ = _behaviour_init_as_given  # type: ignore[method-assign]
ViewerCertificate.__init__ = _certificate_init_as_given  # type: ignore[method-assign]
TrustedKeyGroups.__init__ = _trusted_key_groups_init_from_items  # type: ignore[method-assign]


def _delete_key_group(self: CloudFrontResponse) -> Any:
    from moto.core.responses import EmptyResult

    self.backend.key_groups.pop(self._get_param("Id"), None)
    return EmptyResult()


CloudFrontResponse.delete_key_group = _delete_key_group  # type: ignore[attr-defined]
