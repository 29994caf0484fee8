#!/usr/bin/env python3
"""Checks a translated template (translate_template.py's output, parameters' Defaults = the environment's values)
against the AWS limits a fleet-sized configuration can break, which no linter checks because they depend on the values:

- CloudFormation: template body 1 MB (sam deploy uploads it to S3), 500 resources, 4,096 bytes a parameter value;
- IAM: a role's inline policies 10,240 characters in all, a managed policy 6,144 (whitespace not counted);
- Lambda: a function's environment variables 4 KB in all;
- SQS: a queue policy 8,192 bytes;
- EventBridge: an event pattern 2,048 characters (the default quota; adjustable to 4,096: --event-pattern-quota).

Intrinsic functions are resolved as the deploy rehearsal resolves them (scripts/lib/rehearsal/resolve.py), with the
environment's parameter values; a resource's id or attribute counts as a placeholder as long as the longest ARN it can
be, and a pseudo parameter as its longest value.

usage: check_limits.py TRANSLATED.json [--samconfig FILE --env ENV] [--where LABEL]
       (the environment's fleet file may set EventPatternSizeQuota: 4096 once the quota is raised)
"""
import argparse
import json
import os
import sys

TEMPLATE_BODY_LIMIT = 1_048_576
RESOURCE_LIMIT = 500
PARAMETER_VALUE_LIMIT = 4096
ROLE_INLINE_LIMIT = 10_240
MANAGED_POLICY_LIMIT = 6_144
LAMBDA_ENVIRONMENT_LIMIT = 4096
QUEUE_POLICY_LIMIT = 8192   # bytes (SQS Developer Guide, "Amazon SQS policy quotas")
PLACEHOLDER = "x" * 100   # a resource ARN or name this stack creates: at most this long here
LONGEST_PSEUDO = {"AWS::Region": "ap-southeast-4", "AWS::Partition": "aws-us-gov", "AWS::AccountId": "123456789012",
                  "AWS::StackName": "s" * 128, "AWS::StackId": PLACEHOLDER, "AWS::URLSuffix": "amazonaws.com.cn",
                  "AWS::NotificationARNs": []}

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rehearsal"))
from resolve import Resolver  # noqa: E402


def resolver(template):
    """The rehearsal's resolver (scripts/lib/rehearsal/resolve.py: the same intrinsic rules against a live stack),
    here against no stack: every resource's id and attribute is the placeholder, the pseudo parameters their longest
    values, so a measured size is never below what a deployed stack can have."""
    return Resolver(template, {}, {logical: PLACEHOLDER for logical in template.get("Resources", {})},
                    lambda logical, rtype, physical, name: PLACEHOLDER, LONGEST_PSEUDO)


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def iam_size(document):
    """IAM counts a policy's characters without whitespace."""
    return len("".join(compact(document).split()))


def check(path, quota):
    with open(path, encoding="utf-8") as f:
        body = f.read()
    template = json.loads(body)
    r = resolver(template)
    problems, measured = [], []
    size = len(compact(template).encode())
    measured.append(f"template {size:,} bytes (limit {TEMPLATE_BODY_LIMIT:,})")
    if size > TEMPLATE_BODY_LIMIT:
        problems.append(f"the template is {size:,} bytes; CloudFormation takes at most {TEMPLATE_BODY_LIMIT:,} from S3")
    count = len(template.get("Resources", {}))
    measured.append(f"{count} resources (limit {RESOURCE_LIMIT})")
    if count > RESOURCE_LIMIT:
        problems.append(f"{count} resources; a stack holds at most {RESOURCE_LIMIT}")
    for name, declared in template.get("Parameters", {}).items():
        value = declared.get("Default", "")
        if len(str(value).encode()) > PARAMETER_VALUE_LIMIT:
            problems.append(f"parameter {name} is {len(str(value).encode()):,} bytes (limit {PARAMETER_VALUE_LIMIT:,})")
    managed_by_role = {}
    for name, resource in template.get("Resources", {}).items():
        if not r.active(name):
            continue
        kind, props = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::IAM::Role":
            total = sum(iam_size(r.value(p["PolicyDocument"])) for p in props.get("Policies", []))
            measured.append(f"{name} inline {total:,} (limit {ROLE_INLINE_LIMIT:,})")
            if total > ROLE_INLINE_LIMIT:
                problems.append(f"{name}: inline policies of {total:,} characters (IAM allows {ROLE_INLINE_LIMIT:,} a role)")
        elif kind == "AWS::IAM::ManagedPolicy":
            total = iam_size(r.value(props["PolicyDocument"]))
            measured.append(f"{name} {total:,} (limit {MANAGED_POLICY_LIMIT:,})")
            if total > MANAGED_POLICY_LIMIT:
                problems.append(f"{name}: a managed policy of {total:,} characters (IAM allows {MANAGED_POLICY_LIMIT:,})")
            for role in props.get("Roles", []):
                managed_by_role.setdefault(str(role), []).append(name)
        elif kind == "AWS::Lambda::Function":
            variables = r.value(props.get("Environment", {}).get("Variables", {})) or {}
            total = sum(len(str(k)) + len(str(v)) for k, v in variables.items())
            measured.append(f"{name} environment {total:,} (limit {LAMBDA_ENVIRONMENT_LIMIT:,})")
            if total > LAMBDA_ENVIRONMENT_LIMIT:
                problems.append(f"{name}: environment variables of {total:,} bytes (Lambda allows {LAMBDA_ENVIRONMENT_LIMIT:,})")
        elif kind == "AWS::SQS::QueuePolicy":
            total = len(compact(r.value(props["PolicyDocument"])).encode())
            measured.append(f"{name} {total:,} (limit {QUEUE_POLICY_LIMIT:,})")
            if total > QUEUE_POLICY_LIMIT:
                problems.append(f"{name}: a queue policy of {total:,} bytes (SQS allows {QUEUE_POLICY_LIMIT:,})")
        elif kind == "AWS::Events::Rule" and "EventPattern" in props:
            total = len(compact(r.value(props["EventPattern"])))
            measured.append(f"{name} pattern {total:,} (quota {quota:,})")
            if total > quota:
                problems.append(f"{name}: an event pattern of {total:,} characters; EventBridge's quota is {quota:,}"
                                + (" by default (raise \"Event pattern size\" to 4,096 in Service Quotas and set"
                                   " EventPatternSizeQuota: 4096 in the fleet file)" if quota < 4096 else ""))
    return problems, measured


def main(argv):
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("template")
    parser.add_argument("--samconfig")
    parser.add_argument("--env")
    parser.add_argument("--where", default="")
    args = parser.parse_args(argv[1:])
    quota = 2048
    if args.env:
        import tomllib
        import yaml
        from translate_template import deploy_parameters, fleet_files
        with open(args.samconfig, "rb") as f:
            raw = deploy_parameters(tomllib.load(f), args.env).get("parameter_overrides", [])
        for path in fleet_files(raw):
            with open(path, encoding="utf-8") as f:
                quota = int((yaml.safe_load(f) or {}).get("EventPatternSizeQuota", quota))
        if quota not in (2048, 4096):
            sys.exit(f"EventPatternSizeQuota must be 2048 (EventBridge's default) or 4096 (the most it can be raised to)")
    problems, measured = check(args.template, quota)
    label = args.where or args.template
    print(f"{label}: " + "; ".join(measured))
    if problems:
        print(f"{label}: over AWS limits:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
