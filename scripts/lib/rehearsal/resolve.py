"""CloudFormation intrinsic functions evaluated against a deployed stack, and value comparison.

The rehearsal derives every expectation from the translated template: a property's expected value is the template's
value with Ref / Fn::GetAtt / Fn::Sub / Fn::Join / Fn::If ... resolved the way CloudFormation resolved them for this
stack (parameters as passed, physical ids and attributes read back live). Anything it cannot resolve raises
Unresolvable: the check then fails, it is never skipped.
"""
import json
import re

NO_VALUE = object()


class Unresolvable(Exception):
    pass


class Resolver:
    def __init__(self, template, parameters, physical_ids, attribute, pseudo):
        """parameters: name -> value as passed (template defaults for the others); physical_ids: logical -> physical;
        attribute(logical, type, physical, name) -> value read live; pseudo: AWS::Region, AWS::AccountId, ..."""
        self.template = template
        self.resources = template.get("Resources", {})
        self.parameters = {}
        for name, declared in template.get("Parameters", {}).items():
            value = parameters.get(name, declared.get("Default"))
            if value is None:
                raise Unresolvable(f"parameter {name} has no value")
            value = str(value) if not isinstance(value, bool) else str(value).lower()
            if declared.get("Type") == "CommaDelimitedList" or declared.get("Type", "").startswith("List<"):
                value = [item.strip() for item in value.split(",")]
            self.parameters[name] = value
        self.physical_ids = physical_ids
        self.attribute = attribute
        self.pseudo = dict(pseudo, **{"AWS::NoValue": NO_VALUE})
        self._conditions = {}

    def condition(self, name):
        if name not in self._conditions:
            self._conditions[name] = bool(self.value(self.template["Conditions"][name]))
        return self._conditions[name]

    def active(self, logical):
        condition = self.resources[logical].get("Condition")
        return condition is None or self.condition(condition)

    def ref(self, name):
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.physical_ids:
            return self.physical_ids[name]
        raise Unresolvable(f"Ref {name}: no such parameter or live resource")

    def get_att(self, logical, name):
        if logical not in self.physical_ids:
            raise Unresolvable(f"Fn::GetAtt {logical}.{name}: no live resource {logical}")
        return self.attribute(logical, self.resources[logical]["Type"], self.physical_ids[logical], name)

    def value(self, node):
        if isinstance(node, list):
            return [v for v in (self.value(item) for item in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Condition":
                return self.condition(arg)
            if key.startswith("Fn::"):
                return self.function(key, arg)
        out = {}
        for key, item in node.items():
            v = self.value(item)
            if v is not NO_VALUE:
                out[key] = v
        return out

    def function(self, name, arg):
        if name == "Fn::GetAtt":
            logical, attr = arg.split(".", 1) if isinstance(arg, str) else arg
            return self.get_att(logical, self.value(attr))
        if name == "Fn::Join":
            delimiter, items = self.value(arg[0]), self.value(arg[1])
            return delimiter.join(str(i) for i in items)
        if name == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.value(arg[1]))

            def substitute(match):
                ref = match.group(1)
                if ref.startswith("!"):
                    return "${" + ref[1:] + "}"
                if ref in variables:
                    return str(variables[ref])
                if "." in ref:
                    logical, attr = ref.split(".", 1)
                    return str(self.get_att(logical, attr))
                v = self.ref(ref)
                return ",".join(v) if isinstance(v, list) else str(v)

            return re.sub(r"\$\{([^}]+)\}", substitute, text)
        if name == "Fn::If":
            condition, if_true, if_false = arg
            return self.value(if_true if self.condition(condition) else if_false)
        if name == "Fn::Equals":
            a, b = self.value(arg[0]), self.value(arg[1])
            return canonical(a) == canonical(b)
        if name == "Fn::Not":
            return not self.value(arg[0])
        if name == "Fn::And":
            return all(self.value(a) for a in arg)
        if name == "Fn::Or":
            return any(self.value(a) for a in arg)
        if name == "Fn::Select":
            index, items = self.value(arg[0]), self.value(arg[1])
            return items[int(index)]
        if name == "Fn::Split":
            delimiter, text = self.value(arg[0]), self.value(arg[1])
            return text.split(delimiter)
        if name == "Fn::FindInMap":
            mapping, key1, key2 = (self.value(a) for a in arg[:3])
            return self.template["Mappings"][mapping][key1][key2]
        if name == "Fn::ToJsonString":
            return json.dumps(self.value(arg), separators=(",", ":"))
        if name == "Fn::Base64":
            import base64
            return base64.b64encode(str(self.value(arg)).encode()).decode()
        if name == "Fn::GetAZs":
            raise Unresolvable("Fn::GetAZs")
        raise Unresolvable(f"{name} is not evaluated by the rehearsal")


def scalar(value):
    """Numbers and booleans compared by meaning: 30, 30.0 and "30" are equal; True and "true" too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            number = float(value)
            return str(int(number)) if number.is_integer() else str(number)
        if value in ("True", "False"):
            return value.lower()
    return value


def canonical(value):
    """A comparable form: dicts by key, lists as sorted multisets, a one-element list equal to its element (IAM
    policies write "Action": "x" and "Action": ["x"] alike), scalars by scalar()."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        items = sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return items[0] if len(items) == 1 else items
    return scalar(value)


def as_json(value):
    """A JSON document given as text (SQS RedrivePolicy, EventBridge EventPattern, SNS FilterPolicy) or as a value."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def same(expected, actual):
    return canonical(expected) == canonical(actual)
