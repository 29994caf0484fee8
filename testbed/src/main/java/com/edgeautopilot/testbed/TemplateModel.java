package com.edgeautopilot.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What local runs and tests need from template.yaml (the CLI's replay and demo, template contract tests): functions, their environment (Globals merged with the function's own) and
 * parameter defaults. Values resolve as CloudFormation would with every parameter at its default: {@code !Ref
 * Parameter}, {@code !Join}, {@code !Sub} over parameters and pseudo parameters, {@code !Split}, {@code !Select}.
 * {@code !Ref}/{@code !GetAtt} of a resource stay {@link EnvValue.Resource} for the caller to bind to a stand-in.
 */
public final class TemplateModel {

    /** Pseudo parameters as the local stand-ins see them (the test bed's fake account and region). */
    public static final Map<String, String> PSEUDO = Map.of(
            "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012",
            "AWS::Partition", "aws",
            "AWS::StackName", "edge-autopilot",
            "AWS::URLSuffix", "amazonaws.com");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Path source;
    private final Map<String, Object> parameters;
    private final Map<String, Object> resources;
    private final Map<String, Object> globalVariables;

    private TemplateModel(Path source, Map<String, Object> template) {
        this.source = source;
        this.parameters = map(template.get("Parameters"));
        this.resources = map(template.get("Resources"));
        this.globalVariables = map(path(template, "Globals", "Function", "Environment", "Variables"));
    }

    public static TemplateModel load(Path templateFile) {
        String text;
        try {
            text = Files.readString(templateFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + templateFile + ": " + e.getMessage());
        }
        try {
            return new TemplateModel(templateFile, CloudFormationYaml.parse(text));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(templateFile + " is not a readable template: " + e.getMessage());
        }
    }

    public Path source() {
        return source;
    }

    /** Resource type of a logical id, or null. */
    public String resourceType(String logicalId) {
        return resources.get(logicalId) instanceof Map<?, ?> r && r.get("Type") != null ? r.get("Type").toString() : null;
    }

    public boolean hasResource(String logicalId) {
        return resources.containsKey(logicalId);
    }

    /** A parameter's Default as text (a CommaDelimitedList stays comma-separated), or null. */
    public String parameterDefault(String name) {
        if (parameters.get(name) instanceof Map<?, ?> p && p.containsKey("Default")) {
            Object value = p.get("Default");
            return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
        }
        return null;
    }

    /** A resource property ({@code Properties.<name>}), unresolved. */
    public Object resourceProperty(String logicalId, String... propertyPath) {
        Object current = resources.get(logicalId) instanceof Map<?, ?> r ? r.get("Properties") : null;
        for (String key : propertyPath) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current;
    }

    /** A resource property resolved to text with parameter defaults, or null when absent or not resolvable to a literal. */
    public String resourcePropertyText(String logicalId, String... propertyPath) {
        Object value = resourceProperty(logicalId, propertyPath);
        if (value == null) {
            return null;
        }
        EnvValue resolved = resolve(value, logicalId + "." + String.join(".", propertyPath));
        return resolved instanceof EnvValue.Literal literal ? literal.value() : null;
    }

    /** The environment the template gives a function: Globals.Function.Environment.Variables, then the function's own. */
    public Map<String, EnvValue> environment(String functionLogicalId) {
        if (!(resources.get(functionLogicalId) instanceof Map<?, ?> resource)) {
            throw new IllegalArgumentException(source + " has no resource " + functionLogicalId);
        }
        Map<String, Object> raw = new LinkedHashMap<>(globalVariables);
        raw.putAll(map(path(resource, "Properties", "Environment", "Variables")));
        Map<String, EnvValue> env = new LinkedHashMap<>();
        raw.forEach((name, value) -> env.put(name, resolve(value, functionLogicalId + " " + name)));
        return env;
    }

    /**
     * Every IAM action a function's inline {@code Policies} statements allow (for "IAM allows exactly the calls the code
     * makes" tests). Fails when a statement grants {@code Resource: "*"}.
     */
    public SortedSet<String> policyActions(String functionLogicalId) {
        if (!(resources.get(functionLogicalId) instanceof Map<?, ?> resource)) {
            throw new IllegalArgumentException(source + " has no resource " + functionLogicalId);
        }
        SortedSet<String> actions = new TreeSet<>();
        if (path(resource, "Properties", "Policies") instanceof List<?> policies) {
            for (Object policy : policies) {
                if (path(policy, "Statement") instanceof List<?> statements) {
                    for (Object statement : statements) {
                        if ("*".equals(path(statement, "Resource"))) {
                            throw new IllegalStateException(functionLogicalId + " grants Resource \"*\" in " + statement);
                        }
                        Object action = path(statement, "Action");
                        if (action instanceof List<?> list) {
                            list.forEach(a -> actions.add(String.valueOf(a)));
                        } else if (action != null) {
                            actions.add(String.valueOf(action));
                        }
                    }
                }
            }
        }
        return actions;
    }

    // ------------------------------------------------------------------ resolution

    EnvValue resolve(Object value, String where) {
        try {
            Object resolved = value(value);
            if (resolved instanceof EnvValue.Resource r) {
                return r;
            }
            if (resolved instanceof List<?> list) {
                return new EnvValue.Literal(String.join(",", list.stream().map(String::valueOf).toList()));
            }
            return new EnvValue.Literal(resolved == null ? "" : String.valueOf(resolved));
        } catch (Unresolvable e) {
            return new EnvValue.Unresolved(where + ": " + e.getMessage());
        }
    }

    private static final class Unresolvable extends Exception {
        private static final long serialVersionUID = 1L;

        Unresolvable(String message) {
            super(message, null, false, false);
        }
    }

    /** A literal (String/number/boolean), a List of literals, or an {@link EnvValue.Resource}. */
    private Object value(Object node) throws Unresolvable {
        if (!(node instanceof Map<?, ?> map)) {
            if (node instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                for (Object item : list) {
                    out.add(literal(value(item)));
                }
                return out;
            }
            return node;
        }
        if (map.size() != 1) {
            throw new Unresolvable("is a mapping, not a value");
        }
        String fn = String.valueOf(map.keySet().iterator().next());
        Object arg = map.get(fn);
        switch (fn) {
            case "Ref" -> {
                String name = String.valueOf(arg);
                if (PSEUDO.containsKey(name)) {
                    return PSEUDO.get(name);
                }
                if (parameters.get(name) instanceof Map<?, ?> p) {
                    if (!p.containsKey("Default")) {
                        throw new Unresolvable("!Ref " + name + " is a parameter without a Default");
                    }
                    Object def = p.get("Default");
                    if ("CommaDelimitedList".equals(p.get("Type")) || String.valueOf(p.get("Type")).startsWith("List<")) {
                        List<Object> items = new ArrayList<>();
                        for (String part : String.valueOf(def).split(",", -1)) {
                            items.add(part.trim());
                        }
                        return items;
                    }
                    return def;
                }
                if (resources.containsKey(name)) {
                    return new EnvValue.Resource(name, resourceType(name), null);
                }
                throw new Unresolvable("!Ref " + name + " names neither a parameter nor a resource");
            }
            case "Fn::GetAtt" -> {
                List<?> parts = arg instanceof List<?> l ? l : List.of(String.valueOf(arg).split("\\.", 2));
                if (parts.size() != 2 || !resources.containsKey(String.valueOf(parts.get(0)))) {
                    throw new Unresolvable("!GetAtt " + parts + " does not name a resource attribute");
                }
                String name = String.valueOf(parts.get(0));
                return new EnvValue.Resource(name, resourceType(name), String.valueOf(parts.get(1)));
            }
            case "Fn::Join" -> {
                List<?> args = list(arg, "!Join");
                if (args.size() != 2) {
                    throw new Unresolvable("!Join needs [delimiter, list]");
                }
                String delimiter = String.valueOf(literal(value(args.get(0))));
                Object items = value(args.get(1));
                if (!(items instanceof List<?> values)) {
                    throw new Unresolvable("!Join's second argument is not a list");
                }
                List<String> parts = new ArrayList<>();
                for (Object item : values) {
                    parts.add(String.valueOf(literal(item)));
                }
                return String.join(delimiter, parts);
            }
            case "Fn::Split" -> {
                List<?> args = list(arg, "!Split");
                if (args.size() != 2) {
                    throw new Unresolvable("!Split needs [delimiter, text]");
                }
                String delimiter = String.valueOf(literal(value(args.get(0))));
                String text = String.valueOf(literal(value(args.get(1))));
                return new ArrayList<Object>(List.of(text.split(Pattern.quote(delimiter), -1)));
            }
            case "Fn::Select" -> {
                List<?> args = list(arg, "!Select");
                Object items = value(args.get(1));
                int index = Integer.parseInt(String.valueOf(literal(value(args.get(0)))));
                if (!(items instanceof List<?> values) || index < 0 || index >= values.size()) {
                    throw new Unresolvable("!Select index " + index + " out of range");
                }
                return values.get(index);
            }
            case "Fn::Sub" -> {
                String text;
                Map<?, ?> variables = Map.of();
                if (arg instanceof List<?> l && l.size() == 2) {
                    text = String.valueOf(l.get(0));
                    variables = l.get(1) instanceof Map<?, ?> m ? m : Map.of();
                } else {
                    text = String.valueOf(arg);
                }
                Matcher m = SUB_VARIABLE.matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String name = m.group(1);
                    Object replacement;
                    if (variables.containsKey(name)) {
                        replacement = literal(value(variables.get(name)));
                    } else {
                        replacement = literal(value(Map.of("Ref", name)));
                    }
                    m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(replacement)));
                }
                m.appendTail(out);
                return out.toString();
            }
            default -> throw new Unresolvable(fn + " is not resolved locally");
        }
    }

    private static Object literal(Object value) throws Unresolvable {
        if (value instanceof EnvValue.Resource r) {
            throw new Unresolvable(r.describe() + " inside an expression needs the deployed stack");
        }
        return value;
    }

    private static List<?> list(Object arg, String fn) throws Unresolvable {
        if (arg instanceof List<?> l) {
            return l;
        }
        throw new Unresolvable(fn + " needs a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Object path(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current;
    }
}
