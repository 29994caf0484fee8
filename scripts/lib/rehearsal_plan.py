#!/usr/bin/env python3
"""The deploys scripts/rehearse-deploy rehearses, with parameters exactly as `sam deploy` reads them.

Runs in the SAM CLI's venv: every environment's parameter_overrides go through samcli.cli.types.
CfnParameterOverridesType, the parser `sam deploy --config-env ENV` uses, so the rehearsal deploys the values a real
deploy would (an environment that parser rejects is a rehearsal failure: `sam deploy` would exit before any AWS call).
Writes WORK/plan.json and WORK/samconfig.rehearsal.toml (the origin-failover scenario as a samconfig environment, for
translate_template.py).

Scenarios: one per samconfig environment with deploy parameters; "failover" = the `default` environment plus
FAILOVER_OVERRIDES below (origin failover on), deployed fresh and also as the update of `default`'s stack.

usage: rehearsal_plan.py SAMCONFIG BUILT_TEMPLATE WORK
"""
import json
import pathlib
import sys
import tomllib

from samcli.cli.types import CfnParameterOverridesType, CfnTags
from samcli.yamlhelper import yaml_parse

# A protected distribution consistent with what origin-failover's FailoverConfig accepts (functions/origin-failover
# config/, events/cloudwatch-alarm/): its distribution in FailoverDistributionArns, every alarm in FailoverAlarmArns.
PRIMARY_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-unhealthy"
STANDBY_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-standby-origin-unhealthy"
PROTECTED = [{
    "distributionId": "E2QWRUHAPOMQZL",
    "primaryAlarms": [PRIMARY_ALARM],
    "standbyAlarms": [STANDBY_ALARM],
    "primaryOriginId": "origin-primary",
    "standbyOriginId": "origin-standby",
    "behaviours": "all",
    "failback": "auto",
    "failbackDwellSeconds": 300,
}]
# written as a user would write them in samconfig.toml (the form SAM's parser round-trips: value in double quotes)
FAILOVER_OVERRIDES = [
    "ProtectedDistributions=" + json.dumps(json.dumps(PROTECTED, separators=(",", ":"))),
    "FailoverDistributionArns=arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
    f"FailoverAlarmArns={PRIMARY_ALARM},{STANDBY_ALARM}",
]
UPDATED_PARAMETER = "QuietPeriodSeconds"   # the parameter change rehearsed as an update (a value in 0..3600)


def sam_overrides(raw):
    """parameter_overrides as `sam deploy` reads them; raises ValueError with SAM's own message."""
    parser = CfnParameterOverridesType()

    def fail(message, param=None, ctx=None):
        raise ValueError(message)

    parser.fail = fail
    values = raw if isinstance(raw, list) else [raw]
    return dict(parser.convert(tuple(values), None, None))


def sam_tags(raw):
    if not raw:
        return {}
    parser = CfnTags()

    def fail(message, param=None, ctx=None):
        raise ValueError(message)

    parser.fail = fail
    return dict(parser.convert(raw if isinstance(raw, (list, tuple)) else (raw,), None, None))


def toml_string(value):
    return json.dumps(value)   # a JSON string is a valid TOML basic string


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    samconfig_path, built_template, work = argv[1], argv[2], pathlib.Path(argv[3])
    with open(samconfig_path, "rb") as f:
        samconfig = tomllib.load(f)
    with open(built_template, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    template_defaults = {name: p.get("Default") for name, p in template.get("Parameters", {}).items()}

    scenarios = []
    for env, commands in samconfig.items():
        if not isinstance(commands, dict) or "parameters" not in commands.get("deploy", {}):
            continue
        deploy = commands["deploy"]["parameters"]
        stack_name = deploy.get("stack_name") or commands.get("global", {}).get("parameters", {}).get("stack_name")
        scenario = {"name": env, "env": env, "samconfig": str(pathlib.Path(samconfig_path).resolve()),
                    "stack_name": stack_name or f"rehearsal-{env}", "region": deploy.get("region", "us-east-1"),
                    "capabilities": str(deploy.get("capabilities", "")).split(), "error": None}
        try:
            scenario["parameters"] = sam_overrides(deploy.get("parameter_overrides", []))
            scenario["tags"] = sam_tags(deploy.get("tags"))
        except ValueError as e:
            scenario["error"] = f"`sam deploy --config-env {env}` would exit before any AWS call: {e}"
        scenarios.append(scenario)

    base = next((s for s in scenarios if s["env"] == "default"), None)
    if base is None:
        sys.exit(f"{samconfig_path} has no [default.deploy.parameters]: the failover scenario is based on it")
    raw_default = samconfig["default"]["deploy"]["parameters"].get("parameter_overrides", [])
    raw_default = raw_default if isinstance(raw_default, list) else [raw_default]
    failover_raw = list(raw_default) + FAILOVER_OVERRIDES
    failover = dict(base, name="failover", env="failover", stack_name=base["stack_name"] + "-failover",
                    samconfig=str((work / "samconfig.rehearsal.toml").resolve()))
    try:
        failover["parameters"] = sam_overrides(failover_raw)
        failover["error"] = base["error"]
        parsed = json.loads(failover["parameters"]["ProtectedDistributions"])
        if parsed != PROTECTED:
            failover["error"] = f"SAM's parser changed ProtectedDistributions: {failover['parameters']['ProtectedDistributions']}"
    except (ValueError, KeyError) as e:
        failover["error"] = f"failover overrides do not parse as sam deploy reads them: {e}"
    scenarios.append(failover)

    # the failover scenario as a samconfig environment for translate_template.py
    lines = ["version = 0.1", "", "[failover.deploy.parameters]",
             f"region = {toml_string(base['region'])}",
             "parameter_overrides = [" + ", ".join(toml_string(item) for item in failover_raw) + "]", ""]
    (work / "samconfig.rehearsal.toml").write_text("\n".join(lines), encoding="utf-8")

    if base.get("parameters") and UPDATED_PARAMETER in template_defaults:
        current = int(base["parameters"].get(UPDATED_PARAMETER, template_defaults[UPDATED_PARAMETER]))
        base["update"] = {UPDATED_PARAMETER: str(current + 15 if current + 15 <= 3600 else current - 15)}
    base["update_to"] = "failover"

    plan = {"scenarios": scenarios, "template_defaults": template_defaults}
    (work / "plan.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")
    for scenario in scenarios:
        print(f"{scenario['name']}\t{scenario['env']}\t{scenario['samconfig']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
