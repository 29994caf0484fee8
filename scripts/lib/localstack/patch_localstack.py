#!/usr/bin/env python3
"""Patch the rehearsal's own copy of localstack-core (its venv, never a system install) for an offline run without
Docker. Idempotent: a patch already applied (its marker present) is left alone; a patch whose anchor is not found
exactly once fails loudly (a different localstack-core version: review the patch, do not skip it).

usage: patch_localstack.py SITE_PACKAGES
"""
import pathlib
import sys

MARKER = "# edge-autopilot rehearsal patch:"

PATCHES = [
    {
        "name": "lambda-no-docker-preparation",
        # Why: CreateFunction runs the Docker executor's preparation step (downloads the runtime-init binary, pulls
        # the runtime image). Without Docker and offline it fails and the function ends in State Failed, although
        # the function's configuration (all the rehearsal checks) is complete. With the step a no-op the function
        # becomes Active; invoking it still needs Docker (allow-listed in rehearsal-allowlist.yaml).
        "file": "localstack/services/lambda_/invocation/docker_runtime_executor.py",
        "anchor": "    def prepare_version(cls, function_version: FunctionVersion) -> None:\n",
        "replacement": "    def prepare_version(cls, function_version: FunctionVersion) -> None:\n"
                       f"        {MARKER} no Docker here: nothing to prepare\n"
                       "        return\n",
    },
    {
        "name": "engine-v2-previous-list-parameters",
        # Why: the v2 engine's parameter visitor turns only the NEW value of a CommaDelimitedList / List<...>
        # parameter into a list; the previous value stays a string, so any update or delete of a stack whose template
        # Fn::Joins such a parameter fails with "Invalid arguments list definition for Fn::Join" (real CloudFormation
        # updates it). Resolve the previous value the same way as the new one.
        "file": "localstack/services/cloudformation/engine/v2/change_set_model_preproc.py",
        "anchor": "        if not is_nothing(after):\n"
                  "            after = _resolve_parameter_type(after, parameter_type.after)\n",
        "replacement": "        if not is_nothing(after):\n"
                       "            after = _resolve_parameter_type(after, parameter_type.after)\n"
                       f"        {MARKER} the previous value of a list parameter is a list too\n"
                       "        if isinstance(before, str):\n"
                       "            before_type = parameter_type.before\n"
                       "            before = _resolve_parameter_type(\n"
                       "                before, parameter_type.after if is_nothing(before_type) else before_type\n"
                       "            )\n",
    },
    {
        "name": "engine-v2-ref-of-updated-resource-is-no-replacement",
        # Why: the v2 engine decides a replacement when a create-only property "changed", and it marks a property
        # changed when it is a Ref to a resource that is itself modified, although the Ref (the physical id) stays the
        # same for an in-place update. A function updated in place (new layer, new environment) then makes its
        # AWS::Lambda::Alias (create-only FunctionName: !Ref Function) "require replacement": the engine creates the
        # alias again under its own name ("Alias already exists"), rolls back and cannot delete the stack. Real
        # CloudFormation updates the alias in place (FunctionVersion is not create-only). Treat a property whose
        # template value is the same Ref before and after as unchanged for the replacement decision.
        "file": "localstack/services/cloudformation/engine/v2/change_set_model.py",
        "anchor": "        for node_property in node_properties.properties:\n"
                  "            if node_property.name not in create_only_properties:\n"
                  "                continue\n",
        "replacement": "        for node_property in node_properties.properties:\n"
                       "            if node_property.name not in create_only_properties:\n"
                       "                continue\n"
                       f"            {MARKER} the same Ref before and after is not a change of the property\n"
                       "            raw = getattr(node_property, '_edge_autopilot_raw', None)\n"
                       "            if raw is not None and raw[0] == raw[1] and isinstance(raw[1], dict) and set(raw[1]) == {'Ref'}:\n"
                       "                continue\n",
    },
    {
        "name": "engine-v2-remember-raw-property-values",
        # Why: the patch above needs each property's template value before and after (the visitor keeps only the
        # change tree).
        "file": "localstack/services/cloudformation/engine/v2/change_set_model.py",
        "anchor": "        node_property = NodeProperty(scope=scope, name=property_name, value=value)\n",
        "replacement": "        node_property = NodeProperty(scope=scope, name=property_name, value=value)\n"
                       f"        {MARKER} keep the template values for the replacement decision\n"
                       "        node_property._edge_autopilot_raw = (before_property, after_property)\n",
    },
    {
        "name": "lambda-alias-update",
        # Why: LocalStack's AWS::Lambda::Alias provider has no update (NotImplementedError). Real CloudFormation
        # updates an alias in place when its FunctionVersion changes (a new version published for a new layer or new
        # code): call UpdateAlias with the new version and description (this stack's aliases have no routing config).
        "file": "localstack/services/lambda_/resource_providers/lambda_alias.py",
        "anchor": "        \"\"\"\n"
                  "        Update a resource\n"
                  "\n"
                  "\n"
                  "        \"\"\"\n"
                  "        raise NotImplementedError\n",
        "replacement": "        \"\"\"\n"
                       "        Update a resource\n"
                       "\n"
                       "\n"
                       "        \"\"\"\n"
                       f"        {MARKER} update the alias in place, as CloudFormation does\n"
                       "        model = request.desired_state\n"
                       "        previous = request.previous_state or {}\n"
                       "        args = {'FunctionName': model['FunctionName'], 'Name': model['Name'],\n"
                       "                'FunctionVersion': model['FunctionVersion']}\n"
                       "        if model.get('Description') is not None:\n"
                       "            args['Description'] = model['Description']\n"
                       "        request.aws_client_factory.lambda_.update_alias(**args)\n"
                       "        model['Id'] = previous.get('Id') or model.get('Id')\n"
                       "        return ProgressEvent(status=OperationStatus.SUCCESS, resource_model=model)\n",
    },
]


def apply(site_packages: pathlib.Path, patch: dict) -> str:
    path = site_packages / patch["file"]
    text = path.read_text(encoding="utf-8")
    tagged = patch["replacement"].split(MARKER, 1)[1].splitlines()[0]
    if MARKER + tagged in text:
        return "already applied"
    count = text.count(patch["anchor"])
    if count != 1:
        sys.exit(f"patch {patch['name']}: anchor found {count} times in {path} (expected once): "
                 "localstack-core is not the version this patch was written for")
    path.write_text(text.replace(patch["anchor"], patch["replacement"]), encoding="utf-8")
    return "applied"


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    site_packages = pathlib.Path(argv[1])
    for patch in PATCHES:
        print(f"{patch['name']}: {apply(site_packages, patch)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
