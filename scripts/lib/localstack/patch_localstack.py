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
