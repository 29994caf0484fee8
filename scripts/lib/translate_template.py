#!/usr/bin/env python3
"""Translate the SAM template to the plain CloudFormation that AWS will apply, offline.

Runs aws-sam-translator (the AWS::Serverless-2016-10-31 transform CloudFormation runs server-side) with the
managed-policy map bundled in the translator, so no AWS call is made. The environment's samconfig.toml
`parameter_overrides` become the parameters' Defaults in the output, so a linter reading the translated template
checks the values that environment deploys (AllowedPattern, list lengths, ...).

usage: translate_template.py TEMPLATE OUTPUT.json [--samconfig FILE --env ENV]   (no --env: parameter defaults, us-east-1)
       translate_template.py --list-envs SAMCONFIG                               (environments with deploy parameters)
"""
import argparse
import json
import os
import re
import shlex
import sys
import tomllib

from samcli.yamlhelper import yaml_parse
from samtranslator.internal.managed_policies import get_bundled_managed_policy_map
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform

FAKE_ACCOUNT = "123456789012"
PACKAGE_BUCKET = "sam-package-bucket"


class BundledManagedPolicies:
    """The translator's ManagedPolicyLoader, answered from the map bundled with the translator (no IAM call)."""

    def __init__(self, partition):
        self.partition = partition

    def load(self):
        return get_bundled_managed_policy_map(self.partition) or {}


def packaged(template, locations=None):
    """Local CodeUri/ContentUri as `sam package` leaves them: an S3 location (the translator accepts nothing else);
    `locations` gives some artifacts another one (sam package names each by its content's hash)."""
    artifact_properties = {"AWS::Serverless::Function": "CodeUri", "AWS::Serverless::LayerVersion": "ContentUri"}
    for logical_id, resource in template.get("Resources", {}).items():
        prop = artifact_properties.get(resource.get("Type"))
        properties = resource.get("Properties", {})
        if prop and isinstance(properties.get(prop, "."), str) and not properties.get(prop, ".").startswith("s3://"):
            properties[prop] = (locations or {}).get(logical_id, f"s3://{PACKAGE_BUCKET}/{logical_id}.zip")
            resource["Properties"] = properties
    return template


def environments(samconfig):
    return [env for env, commands in samconfig.items()
            if isinstance(commands, dict) and "parameters" in commands.get("deploy", {})]


def deploy_parameters(samconfig, env):
    try:
        return samconfig[env]["deploy"]["parameters"]
    except KeyError:
        sys.exit(f"samconfig has no [{env}.deploy.parameters]")


def intended_overrides(raw):
    """What a reader of samconfig.toml means by parameter_overrides: in the list form, each "Key=Value" item sets Key
    to everything after its first '=', verbatim; the one-string form is shell-quoted Key=Value words. A file://
    reference is read by SAM CLI only, so it has no separate reading here."""
    items = raw if isinstance(raw, list) else shlex.split(raw)
    values = {}
    for item in items:
        if isinstance(item, str) and item.startswith("file://"):
            continue
        key, sep, value = str(item).partition("=")
        if not sep:
            sys.exit(f"parameter_overrides entry without '=': {item!r}")
        values[key.strip()] = unquoted(value)
    return values


def unquoted(value):
    """A value wrapped in double quotes means its content, with \\" for a quote and \\\\ for a backslash (the
    quoting SAM CLI documents for values with spaces, JSON or nothing)."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r'\\(.)', r'\1', value[1:-1])
    return value


def sam_overrides(raw, where):
    """parameter_overrides exactly as `sam deploy` parses them: with SAM CLI's own option type (the one its deploy,
    build and validate commands use), so a value SAM CLI would cut or refuse is caught here, not at deploy time."""
    import click
    from samcli.cli.types import CfnParameterOverridesType
    try:
        return CfnParameterOverridesType().convert(raw, None, None)
    except click.exceptions.BadParameter as e:
        sys.exit(f"{where}: sam deploy refuses parameter_overrides: {e.message}")


def overrides(deploy, where):
    """The parameter values the template receives, after checking they are what the file means."""
    raw = deploy.get("parameter_overrides", [])
    parsed = sam_overrides(raw, where)
    meant = intended_overrides(raw)
    problems = [f"{key}: the file says {meant[key]!r}, sam deploy passes {parsed.get(key)!r}"
                for key in meant if parsed.get(key) != meant[key]]
    if not any(isinstance(i, str) and i.startswith("file://") for i in (raw if isinstance(raw, list) else [raw])):
        problems += [f"{key}: sam deploy passes {parsed[key]!r}, which no Key=Value item of the file sets"
                     for key in parsed if key not in meant]
    items = raw if isinstance(raw, list) else shlex.split(raw)
    if fleet_files(raw):
        # one place per environment: a Key=Value beside the fleet file would change $LATEST but publish no new function
        # version (SAM hashes unresolved parameter Refs), so the live alias would keep the old value
        problems += [f"{item.split('=', 1)[0]}: set beside the fleet file; put it in the fleet file, where a change"
                     " publishes new function versions (README \"Configuration\")"
                     for item in items if isinstance(item, str) and not item.startswith("file://")]
    if problems:
        sys.exit(f"{where}: parameter_overrides do not reach the template as written (quote values with JSON, spaces or"
                 " an empty value as \"Key=\\\"value\\\"\"):\n  " + "\n  ".join(problems))
    return parsed


# Keys of a fleet file (config/<env>.yaml) that are not template parameters: the functions read them from the fleet
# layer (FleetFile in the common layer); sam deploy ignores keys the template does not declare.
FLEET_ONLY_KEYS = ("SiteRoutes", "ProtectedDistributions", "EventPatternSizeQuota")
PARAMETER_VALUE_LIMIT = 4096   # bytes, CloudFormation's limit on one parameter value
NO_FAILOVER_ARN = "arn:aws:cloudfront::000000000000:distribution/none-configured"


def fleet_files(raw):
    return [item[len("file://"):] for item in (raw if isinstance(raw, list) else [raw])
            if isinstance(item, str) and item.startswith("file://")]


def check_fleet(raw, values, template, where, region):
    """The environment's fleet file: named after its Fleet key, in the partition the template's literal ARN prefixes
    name, every parameter value within CloudFormation's limit, and routes and protected distributions consistent with
    the lists IAM is built from. Returns the parameter values without the function-only keys."""
    import yaml
    problems = []
    fleet = {}
    for path in fleet_files(raw):
        with open(path, encoding="utf-8") as f:
            content = yaml.safe_load(f) or {}
        fleet.update(content)
        stem = os.path.splitext(os.path.basename(path))[0]
        if str(content.get("Fleet")) != stem:
            problems.append(f"{path}: Fleet is {content.get('Fleet')!r}; it must be the file's name, {stem!r} (the"
                            f" functions read /opt/fleet/<Fleet>.json)")
    if fleet_files(raw) and partition_of(region) != "aws":
        problems.append(f"region {region}: the template's fleet ARNs are written for the aws partition")
    declared = set(template.get("Parameters", {}))
    for key, value in values.items():
        if value == "" and template.get("Parameters", {}).get(key, {}).get("Type") == "CommaDelimitedList":
            problems.append(f"{key} is empty: CloudFormation makes it a list of one empty item (IAM Resource \"\", and"
                            f" an empty FailoverDistributionArns turns origin failover on); leave the key out instead")
    sources = last_sources(raw)
    for path in fleet_files(raw):
        problems += stringified_differently(path, values, declared, {k for k, src in sources.items() if src == path})
    read_by_functions = {}   # the file the functions read: /opt/fleet/<Fleet>.json is the fleet file named Fleet
    for path in fleet_files(raw):
        if os.path.splitext(os.path.basename(path))[0] == values.get("Fleet"):
            with open(path, encoding="utf-8") as f:
                read_by_functions = yaml.safe_load(f) or {}
    if fleet_files(raw):
        fleet = read_by_functions
        for key in FUNCTION_READ_LIST_KEYS:
            if key in values and fleet_file_setting(read_by_functions.get(key)) != values[key]:
                problems.append(f"{key}: CloudFormation gets {values[key]!r}, the functions read"
                                f" {fleet_file_setting(read_by_functions.get(key))!r} from the fleet file named"
                                f" Fleet ({values.get('Fleet')!r}) (set it in that file only, each item quoted)")
    parameters = {k: v for k, v in values.items() if not (k in FLEET_ONLY_KEYS and k not in declared)}
    for key, value in parameters.items():
        if len(value.encode()) > PARAMETER_VALUE_LIMIT:
            problems.append(f"{key} is {len(value.encode()):,} bytes; CloudFormation takes at most {PARAMETER_VALUE_LIMIT:,}")
    def listed(key):
        value = parameters.get(key)
        if value is None:
            value = str(template.get("Parameters", {}).get(key, {}).get("Default", ""))
        return [item for item in value.split(",") if item]
    buckets, distributions = set(listed("SourceBucketNames")), set(listed("DistributionIds"))
    for i, route in enumerate(fleet.get("SiteRoutes") or []):
        if route.get("bucket") not in buckets:
            problems.append(f"SiteRoutes[{i}] bucket {route.get('bucket')!r} is not in SourceBucketNames")
        if route.get("distributionId") not in distributions:
            problems.append(f"SiteRoutes[{i}] distributionId {route.get('distributionId')!r} is not in DistributionIds")
    routed = {route.get("bucket") for route in fleet.get("SiteRoutes") or []}
    if fleet_files(raw):
        problems += [f"bucket {b!r} of SourceBucketNames has no route in SiteRoutes" for b in sorted(buckets - routed)]
    protected = fleet.get("ProtectedDistributions") or []
    arns = [a for a in listed("FailoverDistributionArns") if a != NO_FAILOVER_ARN]
    alarms = set(listed("FailoverAlarmArns"))
    arn_ids = {a.rsplit("/", 1)[-1] for a in arns}
    for i, entry in enumerate(protected):
        if entry.get("distributionId") not in arn_ids:
            problems.append(f"ProtectedDistributions[{i}] {entry.get('distributionId')!r} has no ARN in FailoverDistributionArns")
        for alarm in (entry.get("primaryAlarms") or []) + (entry.get("standbyAlarms") or []):
            if alarm not in alarms:
                problems.append(f"ProtectedDistributions[{i}] alarm {alarm} is not in FailoverAlarmArns")
    unprotected = arn_ids - {entry.get("distributionId") for entry in protected}
    problems += [f"FailoverDistributionArns names {d}, which ProtectedDistributions does not protect" for d in sorted(unprotected)]
    if problems:
        sys.exit(f"{where}: the fleet configuration is not deployable:\n  " + "\n  ".join(problems))
    return parameters


# The fleet-file keys the functions read from the fleet layer's JSON (FleetFile.SETTING_KEYS in the common layer)
FUNCTION_READ_LIST_KEYS = ("DistributionIds", "FailoverDistributionArns", "FailoverAlarmArns")


def fleet_file_setting(value):
    """A fleet-file value as FleetFile.settings() gives it to a function: a non-empty list of strings comma-joined, a
    string as it is, anything else as its JSON."""
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return ",".join(value)
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def last_sources(raw):
    """Which item of parameter_overrides sets each key last (sam deploy: a later item wins): a fleet file's path, or
    the Key=Value item."""
    import yaml
    sources = {}
    for item in (raw if isinstance(raw, list) else [raw]):
        if isinstance(item, str) and item.startswith("file://"):
            with open(item[len("file://"):], encoding="utf-8") as f:
                sources.update({key: item[len("file://"):] for key in (yaml.load(f, Loader=yaml.BaseLoader) or {})})
        elif isinstance(item, str):
            sources.update({key: item for key in sam_overrides(item, "parameter_overrides")})
    return sources


def stringified_differently(path, values, declared, set_here):
    """Template parameters whose value in the fleet file is not what reaches CloudFormation. SAM CLI reads the file
    with ruamel (YAML 1.2) and passes str() of each scalar: `1e3` becomes '1000.0', `true` 'True', a mapping its Python
    repr, a quoted '"x"' is unwrapped; a function then fails at init on a value the checks never saw. What the file
    says is each scalar's text as written (a list: its items comma-joined, as SAM CLI joins them). And the keys the
    keys a later override item sets are that item's (compared by overrides())."""
    import yaml
    with open(path, encoding="utf-8") as f:
        text = f.read()
    written, loaded = yaml.load(text, Loader=yaml.BaseLoader) or {}, yaml.safe_load(text) or {}
    problems = []
    for key, value in written.items():
        if key not in declared or key not in values or key not in set_here:
            continue
        if loaded.get(key) is None:
            meant = ""
        elif isinstance(value, str):
            meant = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            meant = ",".join(item.strip() for item in value if item != "")
        else:
            problems.append(f"{path}: {key} is a YAML {'mapping' if isinstance(value, dict) else 'nested list'}; sam deploy passes its Python"
                            f" form {values[key]!r} (write the value as one quoted string, e.g. JSON in single quotes)")
            continue
        if values[key] != meant:
            problems.append(f"{path}: {key}: the file says {meant!r}, sam deploy passes {values[key]!r} (write it as"
                            f" a quoted string that means what sam deploy passes)")
    return problems


def partition_of(region):
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def main(argv):
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("template", nargs="?")
    parser.add_argument("output", nargs="?")
    parser.add_argument("--samconfig")
    parser.add_argument("--env")
    parser.add_argument("--list-envs", metavar="SAMCONFIG")
    parser.add_argument("--artifact", action="append", default=[], metavar="LOGICAL_ID=S3_URI",
                        help="where sam package put an artifact (default s3://sam-package-bucket/<LogicalId>.zip)")
    args = parser.parse_args(argv[1:])
    if args.list_envs:
        with open(args.list_envs, "rb") as f:
            print("\n".join(environments(tomllib.load(f))))
        return 0
    if not args.template or not args.output or bool(args.samconfig) != bool(args.env):
        parser.error("TEMPLATE and OUTPUT are required; --samconfig and --env go together")
    with open(args.template, encoding="utf-8") as f:
        template = packaged(yaml_parse(f.read()), dict(a.split("=", 1) for a in args.artifact))
    deploy = {}
    if args.env:
        with open(args.samconfig, "rb") as f:
            deploy = deploy_parameters(tomllib.load(f), args.env)
    env, samconfig_path, output = args.env or "template defaults", args.samconfig, args.output
    region = deploy.get("region", "us-east-1")
    partition = partition_of(region)
    values = overrides(deploy, f"{samconfig_path} [{env}]") if args.env else {}
    if args.env:
        values = check_fleet(deploy.get("parameter_overrides", []), values, template, f"{samconfig_path} [{env}]", region)
    unknown = sorted(set(values) - set(template.get("Parameters", {})))
    if unknown:
        sys.exit(f"{samconfig_path} [{env}] overrides parameters the template does not declare: {', '.join(unknown)}")
    parameter_values = dict(values)
    parameter_values.update({"AWS::Region": region, "AWS::Partition": partition, "AWS::AccountId": FAKE_ACCOUNT})
    # the translator asks a boto3 session for the region (no network); answer it with the environment's region
    os.environ["AWS_DEFAULT_REGION"] = region
    os.environ.pop("AWS_REGION", None)
    try:
        translated = transform(template, parameter_values, BundledManagedPolicies(partition))
    except InvalidDocumentException as e:
        sys.exit(f"SAM transform failed for [{env}]: " + "; ".join(str(c) for c in e.causes))
    for name, value in values.items():
        declared = translated["Parameters"][name]
        if declared.get("Type") == "Number":
            if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
                sys.exit(f"{samconfig_path} [{env}]: {name} is {value!r}; a Number parameter must be written as digits"
                         " (the functions parse it with Long.parseLong / Double.parseDouble)")
            value = float(value) if "." in value else int(value)
        declared["Default"] = value
    with open(output, "w", encoding="utf-8") as f:
        json.dump(translated, f, indent=1, sort_keys=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
