#!/usr/bin/env python3
"""The deploy rehearsal proper (scripts/rehearse-deploy starts LocalStack and calls this with its endpoint in
AWS_ENDPOINT_URL): package the `sam build` output to S3, then for every scenario of plan.json deploy the translated
template through a change set as `sam deploy` does, compare the live resources with the template, update, delete, and
check what is left. Findings not covered by the allow-list fail the rehearsal; allow-list entries that cover nothing
fail it too (a gap LocalStack closed must leave the list).

usage: rehearse.py WORK BUILD_DIR ALLOWLIST
"""
import copy
import json
import os
import pathlib
import sys
import time
import zipfile

import boto3
import yaml
from botocore.config import Config

sys.path.insert(0, os.path.dirname(__file__))
from checks import Context, Finding, check_stack, sha256_b64  # noqa: E402
from resolve import Resolver  # noqa: E402

PACKAGE_BUCKET = "sam-package-bucket"   # the bucket translate_template.py writes into CodeUri / ContentUri
ACCOUNT = "000000000000"                # LocalStack's default account
TIMEOUT = 180                           # seconds a change set or a stack operation may take
LISTED = {  # what is listed before and after each stack's life, to see what its deletion leaves
    "tables": lambda c: c["dynamodb"].list_tables()["TableNames"],
    "queues": lambda c: c["sqs"].list_queues().get("QueueUrls", []),
    "topics": lambda c: [t["TopicArn"] for t in c["sns"].list_topics()["Topics"]],
    "functions": lambda c: [f["FunctionName"] for f in c["lambda"].list_functions()["Functions"]],
    "layers": lambda c: [layer["LayerName"] for layer in c["lambda"].list_layers()["Layers"]],
    "roles": lambda c: [r["RoleName"] for r in c["iam"].list_roles()["Roles"]],
    "log groups": lambda c: [g["logGroupName"] for g in c["logs"].describe_log_groups()["logGroups"]],
    "rules": lambda c: [r["Name"] for r in c["events"].list_rules()["Rules"]],
    "alarms": lambda c: [a["AlarmName"] for a in c["cloudwatch"].describe_alarms()["MetricAlarms"]],
    "keys": lambda c: [f"{m['KeyId']} ({m.get('Description', '')})" for m in
                       (c["kms"].describe_key(KeyId=k["KeyId"])["KeyMetadata"] for k in c["kms"].list_keys()["Keys"])
                       # AWS managed keys (aws/dynamodb, made on first use of SSE) are the account's, not a stack's
                       if m["KeyState"] == "Enabled" and m.get("KeyManager") == "CUSTOMER"],
}
# the list a retained resource of a type shows up in, and the name it has there
RETAINED_IN = {"AWS::DynamoDB::Table": ("tables", lambda physical: physical)}


def log(message):
    print(message, flush=True)


class Rehearsal:
    def __init__(self, work, build, allowlist_path):
        self.work = pathlib.Path(work)
        self.build = pathlib.Path(build)
        self.plan = json.loads((self.work / "plan.json").read_text())
        self.allowlist = yaml.safe_load(open(allowlist_path)) or []
        for entry in self.allowlist:
            if not entry.get("id") or not isinstance(entry.get("match"), dict) or len(str(entry.get("reason", "")).split()) < 5:
                sys.exit(f"{allowlist_path}: every entry needs an id, a match and a reason (a sentence): {entry}")
        self.findings = []
        self.artifacts = {}
        self.timings = []
        self.clients_by_region = {}

    def clients(self, region):
        if region not in self.clients_by_region:
            config = Config(retries={"max_attempts": 2}, connect_timeout=10, read_timeout=60)
            session = boto3.session.Session(region_name=region, aws_access_key_id="test", aws_secret_access_key="test")
            self.clients_by_region[region] = {
                name: session.client(name, config=config)
                for name in ("cloudformation", "s3", "dynamodb", "sqs", "sns", "events", "lambda", "iam", "logs",
                             "cloudwatch", "kms", "scheduler")}
        return self.clients_by_region[region]

    # --- findings ---------------------------------------------------------------------------------------------

    def add(self, finding):
        self.findings.append(finding)

    def fail(self, scenario, step, check, detail, logical="-", rtype="-"):
        self.add(Finding(scenario, step, logical, rtype, check, ok=False, detail=detail))

    def judge(self):
        """Each failed finding either allowed by one allow-list entry (named) or a failure."""
        used = {entry["id"]: 0 for entry in self.allowlist}
        for finding in self.findings:
            if finding.ok:
                continue
            for entry in self.allowlist:
                if matches(entry["match"], finding):
                    finding.allowed_by = entry["id"]
                    used[entry["id"]] += 1
                    break
        unused = [entry_id for entry_id, count in used.items() if count == 0]
        return used, unused

    # --- packaging --------------------------------------------------------------------------------------------

    def package(self, region):
        s3 = self.clients(region)["s3"]
        s3.create_bucket(Bucket=PACKAGE_BUCKET)
        built = [d for d in sorted(self.build.iterdir()) if d.is_dir()]
        if (self.work / "FleetLayer-update").is_dir():
            built.append(self.work / "FleetLayer-update")   # the update's fleet layer (rehearse-deploy rebuilt it)
        if (self.work / "FleetLayer-fleet").is_dir():
            built.append(self.work / "FleetLayer-fleet")   # the fleet fixture's fleet layer (rehearse-deploy built it)
        if not built:
            sys.exit(f"{self.build} has no built functions or layers: run sam build")
        for directory in built:
            archive = self.work / f"{directory.name}.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
                for path in sorted(directory.rglob("*")):
                    if path.is_file():
                        z.write(path, path.relative_to(directory).as_posix())
            key = f"{directory.name}.zip"
            s3.upload_file(str(archive), PACKAGE_BUCKET, key)
            self.artifacts[key] = sha256_b64(archive)
        log(f"packaged {len(built)} artifacts of {self.build} to s3://{PACKAGE_BUCKET}")

    def template_url(self, region, scenario, template):
        """Templates over 51,200 bytes must go through S3, as `sam deploy` does (it uploads them)."""
        key = f"templates/{scenario}-{int(time.time() * 1000)}.json"
        self.clients(region)["s3"].put_object(Bucket=PACKAGE_BUCKET, Key=key, Body=json.dumps(template).encode())
        return f"{os.environ['AWS_ENDPOINT_URL']}/{PACKAGE_BUCKET}/{key}"

    # --- deploy through a change set --------------------------------------------------------------------------

    def deployable(self, scenario):
        """The translated template with the Defaults of the built template (as `sam deploy` sends it: the
        environment's values reach the stack as parameters, not as defaults)."""
        translated = json.loads((self.work / f"{scenario['name']}.json").read_text())
        template = copy.deepcopy(translated)
        for name, declared in template.get("Parameters", {}).items():
            default = self.plan["template_defaults"].get(name)
            if default is None:
                declared.pop("Default", None)
            else:
                declared["Default"] = default
        return translated, template

    def change_set(self, scenario, step, template, parameters, change_set_type):
        cfn = self.clients(scenario["region"])["cloudformation"]
        name = f"rehearsal-{step}-{int(time.time())}"
        started = time.monotonic()
        try:
            cfn.create_change_set(
                StackName=scenario["stack_name"], ChangeSetName=name, ChangeSetType=change_set_type,
                TemplateURL=self.template_url(scenario["region"], scenario["name"], template),
                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
                Capabilities=scenario["capabilities"],
                Tags=[{"Key": k, "Value": v} for k, v in (scenario.get("tags") or {}).items()])
        except cfn.exceptions.ClientError as e:
            return f"CreateChangeSet refused: {e}"
        status = self.wait(lambda: cfn.describe_change_set(StackName=scenario["stack_name"], ChangeSetName=name),
                           "Status", {"CREATE_COMPLETE", "FAILED"})
        if status["Status"] != "CREATE_COMPLETE":
            return f"change set {status['Status']}: {status.get('StatusReason')}"
        if os.environ.get("REHEARSAL_DEBUG_CHANGES"):
            for change in status.get("Changes", []):
                rc = change.get("ResourceChange", {})
                if rc.get("Replacement") == "True":
                    log(f"  replacement: {rc.get('LogicalResourceId')} {json.dumps(rc.get('Details', []))[:600]}")
        cfn.execute_change_set(StackName=scenario["stack_name"], ChangeSetName=name)
        stack = self.wait(lambda: cfn.describe_stacks(StackName=scenario["stack_name"])["Stacks"][0], "StackStatus",
                          {"CREATE_COMPLETE", "UPDATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE",
                           "ROLLBACK_FAILED", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_FAILED",
                           "UPDATE_ROLLBACK_FAILED"})
        self.timings.append((f"{scenario['name']}/{step}", time.monotonic() - started))
        if stack["StackStatus"] not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
            return f"stack {stack['StackStatus']}: {self.failure_reasons(scenario)}"
        return None

    def failure_reasons(self, scenario):
        cfn = self.clients(scenario["region"])["cloudformation"]
        events = cfn.describe_stack_events(StackName=scenario["stack_name"])["StackEvents"]
        reasons = [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason')}" for e in events
                   if e.get("ResourceStatus", "").endswith("FAILED") and e.get("ResourceStatusReason")]
        return "; ".join(reasons[:5]) or "no reason given"

    @staticmethod
    def wait(describe, key, final):
        deadline = time.monotonic() + TIMEOUT
        while True:
            result = describe()
            if result[key] in final:
                return result
            if time.monotonic() > deadline:
                raise TimeoutError(f"{key} still {result[key]} after {TIMEOUT} s")
            time.sleep(0.5)

    # --- live state -------------------------------------------------------------------------------------------

    def physical_ids(self, scenario):
        cfn = self.clients(scenario["region"])["cloudformation"]
        resources = cfn.describe_stack_resources(StackName=scenario["stack_name"])["StackResources"]
        return {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in resources}

    def attribute_reader(self, clients, template):
        def attribute(logical, rtype, physical, name):
            if rtype == "AWS::SQS::Queue":
                if name == "QueueUrl":
                    return physical
                if name == "QueueName":
                    return physical.rsplit("/", 1)[-1]
                return clients["sqs"].get_queue_attributes(QueueUrl=physical, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            if rtype == "AWS::DynamoDB::Table":
                table = clients["dynamodb"].describe_table(TableName=physical)["Table"]
                return {"Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn")}[name]
            if rtype == "AWS::Lambda::Function" and name == "Arn":
                return clients["lambda"].get_function_configuration(FunctionName=physical)["FunctionArn"]
            if rtype == "AWS::Lambda::Version" and name == "Version":
                return physical.rsplit(":", 1)[-1]
            if rtype == "AWS::IAM::Role":
                role = clients["iam"].get_role(RoleName=physical)["Role"]
                return {"Arn": role["Arn"], "RoleId": role["RoleId"]}[name]
            if rtype == "AWS::SNS::Topic":
                return {"TopicArn": physical, "TopicName": physical.rsplit(":", 1)[-1]}[name]
            if rtype == "AWS::KMS::Key":
                return clients["kms"].describe_key(KeyId=physical)["KeyMetadata"][{"Arn": "Arn", "KeyId": "KeyId"}[name]]
            if rtype == "AWS::Events::Rule" and name == "Arn":
                return clients["events"].describe_rule(Name=physical.split("|")[-1])["Arn"]
            if rtype == "AWS::Logs::LogGroup" and name == "Arn":
                group = clients["logs"].describe_log_groups(logGroupNamePrefix=physical)["logGroups"][0]
                return group["arn"]
            if rtype == "AWS::CloudWatch::Alarm" and name == "Arn":
                return clients["cloudwatch"].describe_alarms(AlarmNames=[physical])["MetricAlarms"][0]["AlarmArn"]
            from resolve import Unresolvable
            raise Unresolvable(f"Fn::GetAtt {logical}.{name} ({rtype}) is not read by the rehearsal")
        return attribute

    def resolver(self, scenario, template, parameters, physical):
        clients = self.clients(scenario["region"])
        cfn = clients["cloudformation"]
        stack = cfn.describe_stacks(StackName=scenario["stack_name"])["Stacks"][0]
        pseudo = {"AWS::Region": scenario["region"], "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws",
                  "AWS::StackName": scenario["stack_name"], "AWS::StackId": stack["StackId"],
                  "AWS::URLSuffix": "amazonaws.com"}
        return Resolver(template, parameters, physical, self.attribute_reader(clients, template), pseudo)

    def check_live(self, scenario, step, translated, parameters, mutate=None):
        """The live stack against the translated template (optionally a mutated expectation: negative control)."""
        clients = self.clients(scenario["region"])
        physical = self.physical_ids(scenario)
        expected = copy.deepcopy(translated)
        if mutate:
            mutate(expected)
        ctx = Context(clients, self.resolver(scenario, expected, parameters, physical), physical, self.artifacts,
                      scenario["name"], step)
        # the stack's parameters: what sam deploy passed, and what check-template checked (translated Defaults)
        live = {p["ParameterKey"]: p.get("ParameterValue") for p in
                clients["cloudformation"].describe_stacks(StackName=scenario["stack_name"])["Stacks"][0].get("Parameters", [])}
        for key, value in parameters.items():
            ctx.compare("Parameters", "-", f"{key}(as passed)", value, live.get(key))
            checked = translated["Parameters"].get(key, {}).get("Default")
            ctx.compare("Parameters", "-", f"{key}(as check-template translated it)", value, checked)
        check_stack(ctx, expected)
        self.check_fleet_file(ctx, translated, parameters)
        return ctx.findings

    def check_fleet_file(self, ctx, translated, parameters):
        """The functions read FLEET_FILE = /opt/fleet/<Fleet>.json: the fleet layer this stack deployed (the artifact
        its template names, as packaged) must hold that file, or every function fails at init (which the rehearsal
        cannot see: nothing is invoked)."""
        fleet = parameters.get("Fleet") or translated["Parameters"].get("Fleet", {}).get("Default")
        if not fleet:
            return
        wanted = f"fleet/{fleet}.json"
        for logical, resource in translated["Resources"].items():
            content = resource.get("Properties", {}).get("Content", {}) if resource["Type"] == "AWS::Lambda::LayerVersion" else {}
            archive = self.work / str(content.get("S3Key", ""))
            if logical.startswith("FleetLayer") and archive.is_file():
                with zipfile.ZipFile(archive) as z:
                    held = wanted if wanted in z.namelist() else f"absent (the layer holds {sorted(z.namelist())})"
                ctx.compare(logical, resource["Type"], "FLEET_FILE in the fleet layer", wanted, held)
                return
        ctx.problem("FleetLayer", "AWS::Lambda::LayerVersion", "FLEET_FILE in the fleet layer",
                    "no packaged fleet layer in the template")

    def inventory(self, region):
        """kind -> set of names, or the error text when LocalStack cannot list them"""
        clients = self.clients(region)
        listed = {}
        for kind, list_them in LISTED.items():
            try:
                listed[kind] = set(list_them(clients))
            except Exception as e:
                listed[kind] = f"{type(e).__name__}: {e}"
        return listed

    # --- the scenarios ----------------------------------------------------------------------------------------

    def run(self):
        scenarios = {s["name"]: s for s in self.plan["scenarios"]}
        regions = {s["region"] for s in scenarios.values()}
        for region in sorted(regions):
            self.package(region)
        for scenario in scenarios.values():
            if scenario.get("role") != "update":   # an update is rehearsed on its base's stack
                self.rehearse(scenario, scenarios)
        if not any(f.step == "negative-control" for f in self.findings):
            self.fail("default", "negative-control", "negative control", "did not run (no deployed default stack)")

    def rehearse(self, scenario, scenarios):
        name = scenario["name"]
        if scenario.get("error"):
            self.fail(name, "parameters", "sam deploy", scenario["error"])
            return
        if not (self.work / f"{name}.json").exists():
            error = (self.work / f"{name}.translate.err")
            self.fail(name, "translate", "translate_template.py",
                      error.read_text().strip()[-600:] if error.exists() else "no translated template")
            return
        log(f"--- {name}: stack {scenario['stack_name']} ({scenario['region']})")
        before = self.inventory(scenario["region"])
        translated, template = self.deployable(scenario)
        parameters = dict(scenario["parameters"])
        error = self.change_set(scenario, "create", template, parameters, "CREATE")
        if error:
            self.fail(name, "create", "deploy", error)
            self.delete(scenario, before, {})
            return
        log(f"{name}: CREATE_COMPLETE, {len(self.physical_ids(scenario))} resources; checking them")
        self.findings += self.check_live(scenario, "create", translated, parameters)
        if name == "default":
            self.negative_control(scenario, translated, parameters)
            self.invoke(scenario, translated)
        update = scenarios.get(scenario.get("update") or "")
        if update and update.get("error"):
            self.fail(name, "update-parameter", "update", update["error"])
        elif update and not (self.work / f"{update['name']}.json").exists():
            self.fail(name, "update-parameter", "translate", "the update's template was not translated")
        elif update:
            changed = {k: v for k, v in update["parameters"].items() if parameters.get(k) != v}
            update_translated, update_template = self.deployable(update)
            error = self.change_set(scenario, "update-parameter", update_template, update["parameters"], "UPDATE")
            if error:
                self.fail(name, "update-parameter", "update", error)
            else:
                log(f"{name}: updated {changed}; checking")
                self.findings += self.check_live(scenario, "update-parameter", update_translated, update["parameters"])
                translated, parameters = update_translated, update["parameters"]
        target = scenarios.get(scenario.get("update_to") or "")
        if target and not target.get("error") and (self.work / f"{target['name']}.json").exists():
            target_translated, target_template = self.deployable(target)
            step = "update-to-failover-on"
            log(f"{name}: update to {target['name']}'s parameters (origin failover on)")
            error = self.change_set(scenario, step, target_template, target["parameters"], "UPDATE")
            if error:
                self.fail(name, step, "update", f"to {target['name']}: {error}")
                self.wait_settled(scenario)
            else:
                log(f"{name}: updated to {target['name']}; checking")
                self.findings += self.check_live(scenario, step, target_translated, target["parameters"])
                translated = target_translated
        self.delete(scenario, before, translated)

    def invoke(self, scenario, translated):
        """Each function invoked once through its alias: without Docker LocalStack cannot run it (allow-listed)."""
        lam = boto3.session.Session(region_name=scenario["region"], aws_access_key_id="test",
                                    aws_secret_access_key="test").client(
            "lambda", config=Config(retries={"max_attempts": 1}, read_timeout=30))
        physical = self.physical_ids(scenario)
        for logical, resource in translated["Resources"].items():
            if resource["Type"] != "AWS::Lambda::Alias" or logical not in physical:
                continue
            try:
                response = lam.invoke(FunctionName=physical[logical], Payload=b"{}")
                error = response.get("FunctionError")
                detail = f"FunctionError {error}: {response['Payload'].read()[:300]!r}" if error else ""
            except Exception as e:
                detail = f"{type(e).__name__}: {e}"
            self.add(Finding(scenario["name"], "invoke", logical, resource["Type"], "invoke", ok=False,
                             detail=detail) if detail else
                     Finding(scenario["name"], "invoke", logical, resource["Type"], "invoke", ok=True))

    def wait_settled(self, scenario):
        cfn = self.clients(scenario["region"])["cloudformation"]
        self.wait(lambda: cfn.describe_stacks(StackName=scenario["stack_name"])["Stacks"][0], "StackStatus",
                  {"UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "UPDATE_FAILED", "UPDATE_COMPLETE",
                   "CREATE_COMPLETE", "ROLLBACK_COMPLETE"})

    def delete(self, scenario, before, translated):
        name = scenario["name"]
        cfn = self.clients(scenario["region"])["cloudformation"]
        retained = {}
        try:
            resources = cfn.describe_stack_resources(StackName=scenario["stack_name"])["StackResources"]
        except Exception:
            resources = []
        layer_names = {r["PhysicalResourceId"].split(":")[-2] for r in resources
                       if r["ResourceType"] == "AWS::Lambda::LayerVersion" and r.get("PhysicalResourceId", "").count(":") > 2}
        for r in resources:
            declared = (translated or {}).get("Resources", {}).get(r["LogicalResourceId"], {})
            if declared.get("DeletionPolicy") == "Retain" and r["ResourceType"] in RETAINED_IN:
                kind, listed_as = RETAINED_IN[r["ResourceType"]]
                retained.setdefault(kind, set()).add(listed_as(r["PhysicalResourceId"]))
        started = time.monotonic()
        cfn.delete_stack(StackName=scenario["stack_name"])
        try:
            stack = self.wait(lambda: (cfn.describe_stacks(StackName=scenario["stack_name"])["Stacks"] or
                                       [{"StackStatus": "DELETE_COMPLETE"}])[0],
                              "StackStatus", {"DELETE_COMPLETE", "DELETE_FAILED"})
        except cfn.exceptions.ClientError as e:   # "does not exist": deleted
            stack = {"StackStatus": "DELETE_COMPLETE"} if "does not exist" in str(e) else {"StackStatus": str(e)}
        self.timings.append((f"{name}/delete", time.monotonic() - started))
        if stack["StackStatus"] != "DELETE_COMPLETE":
            self.fail(name, "delete", "delete", f"stack {stack['StackStatus']}: {self.failure_reasons(scenario)}")
        after = self.inventory(scenario["region"])
        lambda_client = self.clients(scenario["region"])["lambda"]
        for kind in LISTED:
            if isinstance(after[kind], str) or isinstance(before[kind], str):
                self.fail(name, "delete", f"list {kind}", next(v for v in (before[kind], after[kind]) if isinstance(v, str)))
                if kind != "layers":
                    continue
                # ListLayers failed: each layer of the stack asked for its versions instead
                after[kind] = {n for n in layer_names if lambda_client.list_layer_versions(LayerName=n)["LayerVersions"]}
                before[kind] = set() if isinstance(before[kind], str) else before[kind]
            left = after[kind] - before[kind]
            expected = retained.get(kind, set())
            self.add(Finding(name, "delete", "-", kind, "left after delete (DeletionPolicy: Retain only)",
                             sorted(expected), sorted(left), ok=left == expected))
        # retained tables are the operator's to remove; the rehearsal cleans them up for the next scenario
        for table in retained.get("tables", set()):
            self.clients(scenario["region"])["dynamodb"].delete_table(TableName=table)
        log(f"{name}: deleted; left behind: {sorted(set().union(*retained.values())) if retained else 'nothing'}")

    def negative_control(self, scenario, translated, parameters):
        """The checks must be able to fail: the live default stack compared with an expectation whose table TTL
        attribute and queue maxReceiveCount differ from the template's; both differences must be reported."""
        table = next((k for k, r in translated["Resources"].items() if r["Type"] == "AWS::DynamoDB::Table"
                      and "TimeToLiveSpecification" in r.get("Properties", {}) and not r.get("Condition")), None)
        queue = next((k for k, r in translated["Resources"].items() if r["Type"] == "AWS::SQS::Queue"
                      and "RedrivePolicy" in r.get("Properties", {}) and not r.get("Condition")), None)
        if not table or not queue:
            self.fail("negative-control", "setup", "negative control", "no TTL'd table or redriven queue to mutate")
            return

        def mutate(expected):
            expected["Resources"][table]["Properties"]["TimeToLiveSpecification"]["AttributeName"] = "mutatedTtl"
            redrive = expected["Resources"][queue]["Properties"]["RedrivePolicy"]
            redrive["maxReceiveCount"] = int(redrive["maxReceiveCount"]) + 1

        findings = self.check_live(scenario, "negative-control", translated, parameters, mutate)
        failed = {(f.logical, f.check) for f in findings if not f.ok}
        want = {(table, "TimeToLiveSpecification"), (queue, "RedrivePolicy.maxReceiveCount")}
        self.add(Finding(scenario["name"], "negative-control", f"{table}, {queue}", "-",
                         "a mutated TTL attribute and maxReceiveCount are reported",
                         sorted(map(str, want)), sorted(map(str, want & failed)), ok=want <= failed))
        log(f"negative control: the mutated expectation was reported as {sorted(want & failed)}")

    def report(self):
        used, unused = self.judge()
        failures = [f for f in self.findings if not f.ok and not f.allowed_by]
        allowed = [f for f in self.findings if not f.ok and f.allowed_by]
        passed = [f for f in self.findings if f.ok]
        log("")
        log(f"rehearsal: {len(passed)} checks passed, {len(allowed)} known LocalStack gaps allowed "
            f"(scripts/lib/rehearsal-allowlist.yaml), {len(failures)} failed")
        for entry in self.allowlist:
            if used.get(entry["id"]):
                log(f"  allowed {used[entry['id']]:3d} x {entry['id']}: {entry['reason'].strip().splitlines()[0]}")
        for label, seconds in self.timings:
            log(f"  {label}: {seconds:.1f} s")
        for finding in failures:
            log(f"FAIL {finding.line()}")
        for entry_id in unused:
            log(f"FAIL allow-list entry {entry_id} covers nothing in this rehearsal: remove it or fix its match")
        with open(self.work / "findings.json", "w") as f:
            json.dump([finding.__dict__ for finding in self.findings], f, indent=1, default=str)
        return 1 if failures or unused else 0


def matches(match, finding):
    for key, want in match.items():
        have = getattr(finding, key, None)
        if key == "detail_contains":
            if want not in finding.detail:
                return False
        elif key == "check_prefix":
            if not str(finding.check).startswith(want):
                return False
        elif isinstance(want, list):
            if have not in want:
                return False
        elif have != want:
            return False
    return True


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    rehearsal = Rehearsal(argv[1], argv[2], argv[3])
    rehearsal.run()
    return rehearsal.report()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
