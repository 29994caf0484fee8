#!/usr/bin/env python3
"""The deploys scripts/rehearse-deploy rehearses, with parameters exactly as `sam deploy` reads them.

Runs in the SAM CLI's venv: every environment's parameter_overrides (Key=Value items or file://config/<env>.yaml) go
through samcli.cli.types.CfnParameterOverridesType, the parser `sam deploy --config-env ENV` uses, and only the keys
the template declares are passed, as `sam deploy` does; so the rehearsal deploys the values a real deploy would (an
environment that parser rejects is a rehearsal failure: `sam deploy` would exit before any AWS call). Writes
WORK/plan.json.

Scenarios: one per environment with deploy parameters in each SAMCONFIG (samconfig.toml, and the 100-distribution
fleet fixture, whose origin failover is on). The `default` environment's stack is then updated with a parameter
change and to the first scenario with origin failover on (the failover-off stack turned on).

usage: rehearsal_plan.py BUILT_TEMPLATE WORK SAMCONFIG...
"""
import json
import pathlib
import sys
import tomllib

from samcli.cli.types import CfnParameterOverridesType, CfnTags
from samcli.yamlhelper import yaml_parse

UPDATED_PARAMETER = "QuietPeriodSeconds"   # the parameter change rehearsed as an update (a value in 0..3600)
NO_FAILOVER_ARN = "arn:aws:cloudfront::000000000000:distribution/none-configured"   # template: failover off


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


def scenarios_of(samconfig_path, declared):
    with open(samconfig_path, "rb") as f:
        samconfig = tomllib.load(f)
    for env, commands in samconfig.items():
        if not isinstance(commands, dict) or "parameters" not in commands.get("deploy", {}):
            continue
        deploy = commands["deploy"]["parameters"]
        stack_name = deploy.get("stack_name") or commands.get("global", {}).get("parameters", {}).get("stack_name")
        scenario = {"name": env, "env": env, "samconfig": str(pathlib.Path(samconfig_path).resolve()),
                    "stack_name": stack_name or f"rehearsal-{env}", "region": deploy.get("region", "us-east-1"),
                    "capabilities": str(deploy.get("capabilities", "")).split(), "error": None}
        try:
            passed = sam_overrides(deploy.get("parameter_overrides", []))
            # sam deploy passes only the parameters the template declares (a fleet file has other keys too)
            scenario["parameters"] = {k: v for k, v in passed.items() if k in declared}
            scenario["not_passed"] = sorted(set(passed) - set(declared))
            scenario["tags"] = sam_tags(deploy.get("tags"))
        except ValueError as e:
            scenario["error"] = f"`sam deploy --config-env {env}` would exit before any AWS call: {e}"
        yield scenario


def updated_scenario(base, key, value, work, declared):
    """The base environment with one parameter changed, as its owner would change it (in its fleet file, or as a
    Key=Value item), as a samconfig environment of its own: CloudFormation runs the SAM transform with the parameters
    of the update, so the update's template is translated with them too (a parameter can change the transform's
    output, e.g. AutoPublishCodeSha256: !Ref ...)."""
    with open(base["samconfig"], "rb") as f:
        deploy = tomllib.load(f)[base["env"]]["deploy"]["parameters"]
    raw = deploy.get("parameter_overrides", [])
    items = list(raw) if isinstance(raw, list) else [raw]
    changed = False
    directory = work / "update"
    directory.mkdir(exist_ok=True)
    for index, item in enumerate(items):
        if isinstance(item, str) and item.startswith("file://"):
            source = pathlib.Path(item[len("file://"):])
            with open(source, encoding="utf-8") as f:
                fleet = yaml_parse(f.read())
            if key in fleet or not changed:
                fleet[key] = int(value)
                target = directory / source.name   # same file name: a fleet file is named after its Fleet
                target.write_text(json.dumps(fleet, indent=1), encoding="utf-8")   # JSON is YAML
                items[index] = f"file://{target.resolve()}"
                changed = True
    if not changed:
        items.append(f"{key}={value}")
    lines = ["version = 0.1", "", f"[{base['env']}.deploy.parameters]", f"region = {json.dumps(base['region'])}",
             "parameter_overrides = [" + ", ".join(json.dumps(i) for i in items) + "]", ""]
    samconfig = work / "samconfig.update.toml"
    samconfig.write_text("\n".join(lines), encoding="utf-8")
    scenario = dict(base, name="default-updated", samconfig=str(samconfig.resolve()), role="update")
    try:
        passed = sam_overrides(items)
        scenario["parameters"] = {k: v for k, v in passed.items() if k in declared}
        if scenario["parameters"].get(key) != value:
            scenario["error"] = f"the update's {key} reads as {scenario['parameters'].get(key)!r}, not {value!r}"
    except ValueError as e:
        scenario["error"] = f"the update's parameters do not parse: {e}"
    return scenario


def failover_on(scenario):
    arns = (scenario.get("parameters") or {}).get("FailoverDistributionArns", NO_FAILOVER_ARN)
    return bool(arns) and arns != NO_FAILOVER_ARN


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    built_template, work, samconfigs = argv[1], pathlib.Path(argv[2]), argv[3:]
    with open(built_template, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    template_defaults = {name: p.get("Default") for name, p in template.get("Parameters", {}).items()}
    scenarios = []
    for samconfig in samconfigs:
        for scenario in scenarios_of(samconfig, template_defaults):
            if any(s["name"] == scenario["name"] for s in scenarios):
                scenario["name"] = f"{scenario['name']}@{pathlib.Path(samconfig).stem}"
            scenarios.append(scenario)

    base = next((s for s in scenarios if s["env"] == "default"), None)
    if base is None:
        sys.exit(f"{samconfigs[0]} has no [default.deploy.parameters]: the update is rehearsed on its stack")
    target = next((s for s in scenarios if failover_on(s) and not s["error"]), None)
    if target is None:
        sys.exit("no scenario turns origin failover on (FailoverDistributionArns set): the rehearsal must deploy one")
    if base.get("parameters") is not None and UPDATED_PARAMETER in template_defaults:
        current = int(base["parameters"].get(UPDATED_PARAMETER, template_defaults[UPDATED_PARAMETER]))
        new_value = str(current + 15 if current + 15 <= 3600 else current - 15)
        scenarios.append(updated_scenario(base, UPDATED_PARAMETER, new_value, work, template_defaults))
        base["update"] = "default-updated"
    base["update_to"] = target["name"]

    plan = {"scenarios": scenarios, "template_defaults": template_defaults}
    (work / "plan.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")
    for scenario in scenarios:
        print(f"{scenario['name']}\t{scenario['env']}\t{scenario['samconfig']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
