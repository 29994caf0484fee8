"""Live resources compared with the translated template, one checker per resource type.

Each checker reads the live resource and returns, for each template property it knows, the expected value (the
template's, resolved by Resolver) and the actual one. A template property no checker compares is itself a finding
("not compared"), as is a resource type without a checker: the allow-list must name it with a reason, so nothing is
left out silently.
"""
import hashlib
import json
from dataclasses import dataclass, field

from resolve import Unresolvable, as_json, canonical, same


@dataclass
class Finding:
    scenario: str
    step: str
    logical: str
    type: str
    check: str
    expected: object = None
    actual: object = None
    ok: bool = False
    allowed_by: str | None = None
    detail: str = ""

    def line(self):
        where = f"{self.scenario}/{self.step} {self.logical} ({self.type}) {self.check}"
        if self.detail:
            return f"{where}: {self.detail}"
        return f"{where}: expected {short(self.expected)}, live {short(self.actual)}"


def short(value, limit=220):
    text = json.dumps(value, sort_keys=True, default=str) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass
class Context:
    clients: object           # name -> boto3 client
    resolver: object
    physical: dict
    artifacts: dict           # S3 key -> sha256 (base64) of the zip uploaded
    scenario: str
    step: str
    findings: list = field(default_factory=list)

    def compare(self, logical, rtype, check, expected, actual, json_text=False):
        if json_text:
            expected, actual = as_json(expected), as_json(actual)
        self.findings.append(Finding(self.scenario, self.step, logical, rtype, check, expected, actual,
                                     ok=same(expected, actual)))

    def problem(self, logical, rtype, check, detail):
        self.findings.append(Finding(self.scenario, self.step, logical, rtype, check, ok=False, detail=detail))


# --- per type ---------------------------------------------------------------------------------------------------

def check_table(ctx, logical, rtype, physical, props):
    ddb = ctx.clients["dynamodb"]
    table = ddb.describe_table(TableName=physical)["Table"]
    ctx.compare(logical, rtype, "KeySchema", props.get("KeySchema"), table.get("KeySchema"))
    ctx.compare(logical, rtype, "AttributeDefinitions", props.get("AttributeDefinitions"), table.get("AttributeDefinitions"))
    billing = table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    ctx.compare(logical, rtype, "BillingMode", props.get("BillingMode", "PROVISIONED"), billing)
    want_gsi = [{k: g[k] for k in ("IndexName", "KeySchema", "Projection") if k in g}
                for g in props.get("GlobalSecondaryIndexes", [])]
    live_gsi = [{k: g[k] for k in ("IndexName", "KeySchema", "Projection") if k in g}
                for g in table.get("GlobalSecondaryIndexes", [])]
    ctx.compare(logical, rtype, "GlobalSecondaryIndexes", want_gsi, live_gsi)
    ttl = ddb.describe_time_to_live(TableName=physical)["TimeToLiveDescription"]
    want_ttl = props.get("TimeToLiveSpecification", {"Enabled": False})
    live_ttl = {"Enabled": ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING")}
    if "AttributeName" in ttl or "AttributeName" in want_ttl:
        live_ttl["AttributeName"] = ttl.get("AttributeName")
    ctx.compare(logical, rtype, "TimeToLiveSpecification", want_ttl, live_ttl)
    stream = table.get("StreamSpecification", {})
    if "StreamSpecification" in props:
        ctx.compare(logical, rtype, "StreamSpecification", props["StreamSpecification"].get("StreamViewType"),
                    stream.get("StreamViewType"))
    if "PointInTimeRecoverySpecification" in props:
        backups = ddb.describe_continuous_backups(TableName=physical)["ContinuousBackupsDescription"]
        status = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
        ctx.compare(logical, rtype, "PointInTimeRecoverySpecification",
                    props["PointInTimeRecoverySpecification"].get("PointInTimeRecoveryEnabled", False),
                    status == "ENABLED")
    if "DeletionProtectionEnabled" in props:
        ctx.compare(logical, rtype, "DeletionProtectionEnabled", props["DeletionProtectionEnabled"],
                    table.get("DeletionProtectionEnabled", False))
    if "SSESpecification" in props:
        sse = table.get("SSEDescription", {})
        ctx.compare(logical, rtype, "SSESpecification", props["SSESpecification"].get("SSEEnabled", False),
                    sse.get("Status") in ("ENABLED", "ENABLING"))
    if "TableName" in props:
        ctx.compare(logical, rtype, "TableName", props["TableName"], table["TableName"])
    return {"KeySchema", "AttributeDefinitions", "BillingMode", "GlobalSecondaryIndexes", "TimeToLiveSpecification",
            "StreamSpecification", "PointInTimeRecoverySpecification", "DeletionProtectionEnabled",
            "SSESpecification", "TableName"}


def check_queue(ctx, logical, rtype, physical, props):
    attributes = ctx.clients["sqs"].get_queue_attributes(QueueUrl=physical, AttributeNames=["All"])["Attributes"]
    handled = set()
    for name, expected in props.items():
        if name in ("Tags",):
            continue
        if name == "QueueName":
            ctx.compare(logical, rtype, name, expected, physical.rsplit("/", 1)[-1])
        elif name == "RedrivePolicy":
            live = as_json(attributes.get("RedrivePolicy", "{}"))
            ctx.compare(logical, rtype, "RedrivePolicy.deadLetterTargetArn", expected.get("deadLetterTargetArn"),
                        live.get("deadLetterTargetArn"))
            ctx.compare(logical, rtype, "RedrivePolicy.maxReceiveCount", expected.get("maxReceiveCount"),
                        live.get("maxReceiveCount"))
        else:
            ctx.compare(logical, rtype, name, expected, attributes.get(name), json_text=True)
        handled.add(name)
    return handled


def check_topic(ctx, logical, rtype, physical, props):
    attributes = ctx.clients["sns"].get_topic_attributes(TopicArn=physical)["Attributes"]
    for name in ("DisplayName", "KmsMasterKeyId", "FifoTopic"):
        if name in props:
            ctx.compare(logical, rtype, name, props[name], attributes.get(name))
    if "TopicName" in props:
        ctx.compare(logical, rtype, "TopicName", props["TopicName"], physical.rsplit(":", 1)[-1])
    return {"DisplayName", "KmsMasterKeyId", "FifoTopic", "TopicName"}


def check_subscription(ctx, logical, rtype, physical, props):
    attributes = ctx.clients["sns"].get_subscription_attributes(SubscriptionArn=physical)["Attributes"]
    for name in ("Protocol", "Endpoint", "TopicArn"):
        ctx.compare(logical, rtype, name, props.get(name), attributes.get(name))
    for name in ("FilterPolicy", "RedrivePolicy", "RawMessageDelivery", "FilterPolicyScope"):
        if name in props:
            ctx.compare(logical, rtype, name, props[name], attributes.get(name), json_text=True)
    return {"Protocol", "Endpoint", "TopicArn", "FilterPolicy", "RedrivePolicy", "RawMessageDelivery",
            "FilterPolicyScope"}


def check_rule(ctx, logical, rtype, physical, props):
    events = ctx.clients["events"]
    name = physical.split("|")[-1]
    rule = events.describe_rule(Name=name)
    for prop in ("Description", "ScheduleExpression", "Name"):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], rule.get(prop))
    if "EventPattern" in props:
        ctx.compare(logical, rtype, "EventPattern", props["EventPattern"], rule.get("EventPattern"), json_text=True)
    ctx.compare(logical, rtype, "State", props.get("State", "ENABLED"), rule.get("State"))
    live_targets = {t["Id"]: t for t in events.list_targets_by_rule(Rule=name)["Targets"]}
    wanted = props.get("Targets", [])
    ctx.compare(logical, rtype, "Targets.Id", [t["Id"] for t in wanted], list(live_targets))
    for target in wanted:
        live = live_targets.get(target["Id"], {})
        for key, expected in target.items():
            if key == "Id":
                continue
            check = f"Targets[{target['Id']}].{key}"
            if key in ("Input",):
                ctx.compare(logical, rtype, check, expected, live.get(key), json_text=True)
            else:
                ctx.compare(logical, rtype, check, expected, live.get(key))
    return {"Description", "ScheduleExpression", "Name", "EventPattern", "State", "Targets"}


def check_function(ctx, logical, rtype, physical, props):
    lam = ctx.clients["lambda"]
    config = lam.get_function_configuration(FunctionName=physical)
    ctx.compare(logical, rtype, "State", "Active", config.get("State"))
    for prop in ("Runtime", "Handler", "MemorySize", "Timeout", "Description", "Role"):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], config.get(prop))
    ctx.compare(logical, rtype, "Architectures", props.get("Architectures", ["x86_64"]), config.get("Architectures"))
    ctx.compare(logical, rtype, "Layers", props.get("Layers", []), [layer["Arn"] for layer in config.get("Layers", [])])
    want_env = props.get("Environment", {}).get("Variables", {})
    live_env = config.get("Environment", {}).get("Variables", {})
    ctx.compare(logical, rtype, "Environment.Variables(keys)", sorted(want_env), sorted(live_env))
    for key, value in want_env.items():
        ctx.compare(logical, rtype, f"Environment.Variables.{key}", value, live_env.get(key))
    if "TracingConfig" in props:
        ctx.compare(logical, rtype, "TracingConfig", props["TracingConfig"].get("Mode"),
                    config.get("TracingConfig", {}).get("Mode"))
    if "LoggingConfig" in props:
        live = config.get("LoggingConfig", {})
        for key, expected in props["LoggingConfig"].items():
            ctx.compare(logical, rtype, f"LoggingConfig.{key}", expected, live.get(key))
    if "SnapStart" in props:
        ctx.compare(logical, rtype, "SnapStart", props["SnapStart"].get("ApplyOn"),
                    config.get("SnapStart", {}).get("ApplyOn"))
    if "FunctionName" in props:
        ctx.compare(logical, rtype, "FunctionName", props["FunctionName"], config.get("FunctionName"))
    if "DeadLetterConfig" in props:
        ctx.compare(logical, rtype, "DeadLetterConfig", props["DeadLetterConfig"].get("TargetArn"),
                    config.get("DeadLetterConfig", {}).get("TargetArn"))
    if "ReservedConcurrentExecutions" in props:
        live = lam.get_function_concurrency(FunctionName=physical).get("ReservedConcurrentExecutions")
        ctx.compare(logical, rtype, "ReservedConcurrentExecutions", props["ReservedConcurrentExecutions"], live)
    if "Tags" in props:
        live = lam.list_tags(Resource=config["FunctionArn"]).get("Tags", {})
        want = {t["Key"]: t["Value"] for t in props["Tags"]}
        ctx.compare(logical, rtype, "Tags", want, {k: live.get(k) for k in want})
    code = props.get("Code", {})
    if "S3Key" in code:
        ctx.compare(logical, rtype, "Code(sha256 of the uploaded zip)", ctx.artifacts.get(code["S3Key"]),
                    config.get("CodeSha256"))
    return {"Runtime", "Handler", "MemorySize", "Timeout", "Description", "Role", "Architectures", "Layers",
            "Environment", "TracingConfig", "LoggingConfig", "SnapStart", "FunctionName", "DeadLetterConfig",
            "ReservedConcurrentExecutions", "Tags", "Code"}


def check_layer(ctx, logical, rtype, physical, props):
    layer = ctx.clients["lambda"].get_layer_version_by_arn(Arn=physical)
    for prop in ("CompatibleRuntimes", "CompatibleArchitectures", "Description", "LicenseInfo"):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], layer.get(prop))
    if "LayerName" in props:
        ctx.compare(logical, rtype, "LayerName", props["LayerName"], physical.split(":")[-2])
    content = props.get("Content", {})
    if "S3Key" in content:
        ctx.compare(logical, rtype, "Content(sha256 of the uploaded zip)", ctx.artifacts.get(content["S3Key"]),
                    layer.get("Content", {}).get("CodeSha256"))
    return {"CompatibleRuntimes", "CompatibleArchitectures", "Description", "LicenseInfo", "LayerName", "Content"}


def check_version(ctx, logical, rtype, physical, props):
    config = ctx.clients["lambda"].get_function_configuration(FunctionName=physical)
    ctx.compare(logical, rtype, "FunctionName", props["FunctionName"], config.get("FunctionName"))
    ctx.compare(logical, rtype, "Version(published)", True, config.get("Version") not in (None, "$LATEST"))
    return {"FunctionName", "Description"}


def check_alias(ctx, logical, rtype, physical, props):
    function, name = props["FunctionName"], props["Name"]
    alias = ctx.clients["lambda"].get_alias(FunctionName=function, Name=name)
    ctx.compare(logical, rtype, "Name", name, alias.get("Name"))
    version = props["FunctionVersion"]
    ctx.compare(logical, rtype, "FunctionVersion", version, alias.get("FunctionVersion"))
    # what invocations through the alias run: its version must carry the function's current configuration (a
    # deploy that changes the function but publishes no new version leaves the alias on the old configuration)
    lam = ctx.clients["lambda"]
    latest = lam.get_function_configuration(FunctionName=function)
    published = lam.get_function_configuration(FunctionName=function, Qualifier=alias.get("FunctionVersion"))
    for key in ("Runtime", "Handler", "MemorySize", "Timeout", "Architectures", "Role"):
        ctx.compare(logical, rtype, f"version {alias.get('FunctionVersion')} {key} = $LATEST's", latest.get(key),
                    published.get(key))
    ctx.compare(logical, rtype, f"version {alias.get('FunctionVersion')} Layers = $LATEST's",
                [layer["Arn"] for layer in latest.get("Layers", [])], [layer["Arn"] for layer in published.get("Layers", [])])
    latest_env = latest.get("Environment", {}).get("Variables", {})
    published_env = published.get("Environment", {}).get("Variables", {})
    for key in sorted(set(latest_env) | set(published_env)):
        ctx.compare(logical, rtype, f"version {alias.get('FunctionVersion')} Environment.Variables.{key} = $LATEST's",
                    latest_env.get(key), published_env.get(key))
    return {"FunctionName", "Name", "FunctionVersion"}


def check_event_source_mapping(ctx, logical, rtype, physical, props):
    mapping = ctx.clients["lambda"].get_event_source_mapping(UUID=physical)
    for prop in ("BatchSize", "EventSourceArn", "MaximumBatchingWindowInSeconds", "FunctionResponseTypes"):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], mapping.get(prop))
    ctx.compare(logical, rtype, "FunctionName", props["FunctionName"], mapping.get("FunctionArn"))
    if "ScalingConfig" in props:
        for key, expected in props["ScalingConfig"].items():
            ctx.compare(logical, rtype, f"ScalingConfig.{key}", expected, mapping.get("ScalingConfig", {}).get(key))
    ctx.compare(logical, rtype, "State", "Enabled" if props.get("Enabled", True) else "Disabled", mapping.get("State"))
    return {"BatchSize", "EventSourceArn", "MaximumBatchingWindowInSeconds", "FunctionResponseTypes", "FunctionName",
            "ScalingConfig", "Enabled"}


def check_event_invoke_config(ctx, logical, rtype, physical, props):
    config = ctx.clients["lambda"].get_function_event_invoke_config(
        FunctionName=props["FunctionName"], Qualifier=props["Qualifier"])
    for prop in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds"):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], config.get(prop))
    for kind in ("OnFailure", "OnSuccess"):
        expected = props.get("DestinationConfig", {}).get(kind, {}).get("Destination")
        if expected is not None:
            ctx.compare(logical, rtype, f"DestinationConfig.{kind}", expected,
                        config.get("DestinationConfig", {}).get(kind, {}).get("Destination"))
    return {"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig", "FunctionName", "Qualifier"}


def check_permission(ctx, logical, rtype, physical, props):
    policy = json.loads(ctx.clients["lambda"].get_policy(FunctionName=props["FunctionName"])["Policy"])
    statements = []
    for statement in policy.get("Statement", []):
        principal = statement.get("Principal", {})
        principal = principal.get("Service", principal.get("AWS", principal)) if isinstance(principal, dict) else principal
        condition = statement.get("Condition", {})
        statements.append({"Action": statement.get("Action"), "Principal": principal,
                           "SourceArn": condition.get("ArnLike", {}).get("AWS:SourceArn"),
                           "SourceAccount": condition.get("StringEquals", {}).get("AWS:SourceAccount")})
    want = {"Action": props["Action"], "Principal": props["Principal"], "SourceArn": props.get("SourceArn")}
    found = [s for s in statements if same(want, {k: s[k] for k in want})]
    ctx.compare(logical, rtype, "statement (Action, Principal, SourceArn) in the function's policy", want,
                want if found else statements)
    if found and "SourceAccount" in props:
        ctx.compare(logical, rtype, "SourceAccount", props["SourceAccount"], found[0]["SourceAccount"])
    return {"Action", "FunctionName", "Principal", "SourceArn", "SourceAccount"}


def check_alarm(ctx, logical, rtype, physical, props):
    alarms = ctx.clients["cloudwatch"].describe_alarms(AlarmNames=[physical])["MetricAlarms"]
    if not alarms:
        ctx.problem(logical, rtype, "exists", f"no alarm named {physical}")
        return set(props)
    alarm = alarms[0]
    for prop, expected in props.items():
        if prop == "AlarmName":
            ctx.compare(logical, rtype, prop, expected, physical)
        elif prop in ("AlarmActions", "OKActions", "InsufficientDataActions", "Dimensions"):
            ctx.compare(logical, rtype, prop, expected, alarm.get(prop, []))
        else:
            ctx.compare(logical, rtype, prop, expected, alarm.get(prop))
    return set(props)


def check_role(ctx, logical, rtype, physical, props):
    iam = ctx.clients["iam"]
    role = iam.get_role(RoleName=physical)["Role"]
    ctx.compare(logical, rtype, "AssumeRolePolicyDocument", props["AssumeRolePolicyDocument"],
                as_json(role["AssumeRolePolicyDocument"]))
    if "Description" in props:
        ctx.compare(logical, rtype, "Description", props["Description"], role.get("Description"))
    live_names = iam.list_role_policies(RoleName=physical)["PolicyNames"]
    want = {p["PolicyName"]: p["PolicyDocument"] for p in props.get("Policies", [])}
    ctx.compare(logical, rtype, "Policies(names)", sorted(want), sorted(live_names))
    for name, document in want.items():
        live = iam.get_role_policy(RoleName=physical, PolicyName=name)["PolicyDocument"] if name in live_names else None
        ctx.compare(logical, rtype, f"Policies.{name}", document, as_json(live))
    attached = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=physical)["AttachedPolicies"]]
    # managed policies attached by the role's ManagedPolicyArns, or by an AWS::IAM::ManagedPolicy naming the role
    want_attached = list(props.get("ManagedPolicyArns", []))
    for other, resource in ctx.resolver.resources.items():
        if resource["Type"] == "AWS::IAM::ManagedPolicy" and ctx.resolver.active(other):
            roles = ctx.resolver.value(resource.get("Properties", {}).get("Roles", []))
            if physical in roles:
                want_attached.append(ctx.physical.get(other))
    ctx.compare(logical, rtype, "ManagedPolicyArns (and managed policies naming the role)", want_attached, attached)
    return {"AssumeRolePolicyDocument", "Description", "Policies", "ManagedPolicyArns"}


def check_managed_policy(ctx, logical, rtype, physical, props):
    iam = ctx.clients["iam"]
    policy = iam.get_policy(PolicyArn=physical)["Policy"]
    document = iam.get_policy_version(PolicyArn=physical, VersionId=policy["DefaultVersionId"])["PolicyVersion"]["Document"]
    ctx.compare(logical, rtype, "PolicyDocument", props["PolicyDocument"], as_json(document))
    for prop, live in (("ManagedPolicyName", policy.get("PolicyName")), ("Description", policy.get("Description")),
                       ("Path", policy.get("Path"))):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], live)
    entities = iam.list_entities_for_policy(PolicyArn=physical)
    for prop, key, name in (("Roles", "PolicyRoles", "RoleName"), ("Users", "PolicyUsers", "UserName"),
                            ("Groups", "PolicyGroups", "GroupName")):
        if prop in props:
            ctx.compare(logical, rtype, prop, props[prop], [e[name] for e in entities.get(key, [])])
    size = len(json.dumps(as_json(document), separators=(",", ":")))
    ctx.compare(logical, rtype, "PolicyDocument size <= 6,144 (IAM managed policy limit)", True, size <= 6144)
    return {"PolicyDocument", "ManagedPolicyName", "Description", "Path", "Roles", "Users", "Groups"}


def check_log_group(ctx, logical, rtype, physical, props):
    groups = ctx.clients["logs"].describe_log_groups(logGroupNamePrefix=physical)["logGroups"]
    group = next((g for g in groups if g["logGroupName"] == physical), None)
    if group is None:
        ctx.problem(logical, rtype, "exists", f"no log group {physical}")
        return set(props)
    if "LogGroupName" in props:
        ctx.compare(logical, rtype, "LogGroupName", props["LogGroupName"], physical)
    ctx.compare(logical, rtype, "RetentionInDays", props.get("RetentionInDays"), group.get("retentionInDays"))
    if "KmsKeyId" in props:
        ctx.compare(logical, rtype, "KmsKeyId", props["KmsKeyId"], group.get("kmsKeyId"))
    return {"LogGroupName", "RetentionInDays", "KmsKeyId"}


def check_key(ctx, logical, rtype, physical, props):
    kms = ctx.clients["kms"]
    key = kms.describe_key(KeyId=physical)["KeyMetadata"]
    if "Description" in props:
        ctx.compare(logical, rtype, "Description", props["Description"], key.get("Description"))
    if "EnableKeyRotation" in props:
        ctx.compare(logical, rtype, "EnableKeyRotation", props["EnableKeyRotation"],
                    kms.get_key_rotation_status(KeyId=physical)["KeyRotationEnabled"])
    if "KeyPolicy" in props:
        ctx.compare(logical, rtype, "KeyPolicy", props["KeyPolicy"],
                    as_json(kms.get_key_policy(KeyId=physical, PolicyName="default")["Policy"]))
    return {"Description", "EnableKeyRotation", "KeyPolicy"}


def check_queue_policy(ctx, logical, rtype, physical, props):
    for queue in props["Queues"]:
        policy = ctx.clients["sqs"].get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]
        ctx.compare(logical, rtype, f"PolicyDocument({queue.rsplit('/', 1)[-1]})", props["PolicyDocument"],
                    as_json(policy.get("Policy")))
    return {"Queues", "PolicyDocument"}


def check_topic_policy(ctx, logical, rtype, physical, props):
    for topic in props["Topics"]:
        policy = ctx.clients["sns"].get_topic_attributes(TopicArn=topic)["Attributes"].get("Policy")
        ctx.compare(logical, rtype, f"PolicyDocument({topic.rsplit(':', 1)[-1]})", props["PolicyDocument"],
                    as_json(policy))
    return {"Topics", "PolicyDocument"}


CHECKERS = {
    "AWS::DynamoDB::Table": check_table,
    "AWS::SQS::Queue": check_queue,
    "AWS::SQS::QueuePolicy": check_queue_policy,
    "AWS::SNS::Topic": check_topic,
    "AWS::SNS::TopicPolicy": check_topic_policy,
    "AWS::SNS::Subscription": check_subscription,
    "AWS::Events::Rule": check_rule,
    "AWS::Lambda::Function": check_function,
    "AWS::Lambda::LayerVersion": check_layer,
    "AWS::Lambda::Version": check_version,
    "AWS::Lambda::Alias": check_alias,
    "AWS::Lambda::EventSourceMapping": check_event_source_mapping,
    "AWS::Lambda::EventInvokeConfig": check_event_invoke_config,
    "AWS::Lambda::Permission": check_permission,
    "AWS::CloudWatch::Alarm": check_alarm,
    "AWS::IAM::Role": check_role,
    "AWS::IAM::ManagedPolicy": check_managed_policy,
    "AWS::Logs::LogGroup": check_log_group,
    "AWS::KMS::Key": check_key,
}


def check_stack(ctx, template):
    """Every active resource of the template against the live stack (ctx.physical)."""
    for logical, resource in template["Resources"].items():
        rtype = resource["Type"]
        try:
            active = ctx.resolver.active(logical)
        except Unresolvable as e:
            ctx.problem(logical, rtype, "condition", f"cannot evaluate: {e}")
            continue
        physical = ctx.physical.get(logical)
        if not active:
            ctx.compare(logical, rtype, "absent (condition false)", None, physical)
            continue
        if physical is None:
            ctx.problem(logical, rtype, "exists", "not in the stack's resources")
            continue
        if physical == "unknown":
            ctx.problem(logical, rtype, "exists", "physical id 'unknown' (LocalStack did not create it)")
            continue
        checker = CHECKERS.get(rtype)
        if checker is None:
            ctx.problem(logical, rtype, "checker", "no checker for this resource type")
            continue
        try:
            props = ctx.resolver.value(resource.get("Properties", {}))
        except Exception as e:  # Unresolvable, or a live read behind an Fn::GetAtt failed
            ctx.problem(logical, rtype, "resolve", f"cannot resolve the template's properties: {type(e).__name__}: {e}")
            continue
        try:
            handled = checker(ctx, logical, rtype, physical, props)
        except Exception as e:  # a live read failed: a finding, not a crash
            ctx.problem(logical, rtype, "read", f"{type(e).__name__}: {e}")
            continue
        for prop in sorted(set(props) - handled):
            ctx.problem(logical, rtype, f"{prop}", "property not compared by the rehearsal")


def sha256_b64(path):
    import base64
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return base64.b64encode(digest.digest()).decode()
