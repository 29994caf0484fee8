package com.edgeautopilot.testbed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation's intrinsic functions, evaluated as the template reference defines them over parameter values,
 * pseudo parameters, conditions and mappings. Argument rules are enforced, not guessed around: a Join or Split
 * delimiter must be a literal string, a Sub string a literal whose variables exist, a Select index a number within
 * a list, a GetAtt an attribute its resource type returns, a condition one the template declares. Breaking one
 * throws {@link InvalidTemplateException}; something only the deployed stack knows throws {@link Unresolvable}.
 */
final class Intrinsics {

    /** How a resource reference ({@code !Ref Resource}, {@code !GetAtt}) inside a string expression evaluates. */
    enum ResourceRefs {
        /** Unresolvable: local runs must bind the whole value to a stand-in. */
        REFUSE,
        /** A token naming it ({@link TemplateModel#refToken}, {@link TemplateModel#getAttToken}), for checks of the template's shape. */
        TOKEN
    }

    /** The value of {@code !Ref AWS::NoValue}: the property or list item is left out. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    static final class Unresolvable extends Exception {
        private static final long serialVersionUID = 1L;

        Unresolvable(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final TemplateScope scope;
    private final ResourceRefs resourceRefs;
    private final Set<String> conditionsBeingEvaluated = new HashSet<>();

    Intrinsics(TemplateScope scope, ResourceRefs resourceRefs) {
        this.scope = scope;
        this.resourceRefs = resourceRefs;
    }

    /** A literal, a List, a Map of evaluated values, an {@link EnvValue.Resource}, or {@link #NO_VALUE}. */
    Object eval(Object node) throws Unresolvable {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object value = eval(item);
                if (value != NO_VALUE) {
                    out.add(value);
                }
            }
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (map.size() == 1 && map.keySet().iterator().next() instanceof String fn && (fn.equals("Ref") || fn.startsWith("Fn::"))) {
            return function(fn, map.get(fn));
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = eval(e.getValue());
            if (value != NO_VALUE) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    /** An evaluated value as a string, where CloudFormation needs one. */
    String text(Object value, String context) throws Unresolvable {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof EnvValue.Resource r) {
            if (resourceRefs == ResourceRefs.TOKEN) {
                return r.attribute() == null ? TemplateModel.refToken(r.logicalId()) : TemplateModel.getAttToken(r.logicalId(), r.attribute());
            }
            throw new Unresolvable(r.describe() + " inside an expression needs the deployed stack");
        }
        throw new InvalidTemplateException(context + " needs a string, got " + (value == null ? "nothing" : value));
    }

    boolean condition(String name) throws Unresolvable {
        Object definition = scope.conditions().get(name);
        if (definition == null) {
            throw new InvalidTemplateException("condition '" + name + "' is not declared in Conditions");
        }
        if (!conditionsBeingEvaluated.add(name)) {
            throw new InvalidTemplateException("condition '" + name + "' refers to itself");
        }
        try {
            return conditionValue(definition, "condition " + name);
        } finally {
            conditionsBeingEvaluated.remove(name);
        }
    }

    private boolean conditionValue(Object node, String where) throws Unresolvable {
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            String fn = String.valueOf(map.keySet().iterator().next());
            Object arg = map.get(fn);
            switch (fn) {
                case "Condition" -> {
                    return condition(String.valueOf(arg));
                }
                case "Fn::Equals" -> {
                    List<?> args = args(arg, fn, 2);
                    return text(eval(args.get(0)), fn).equals(text(eval(args.get(1)), fn));
                }
                case "Fn::Not" -> {
                    return !conditionValue(args(arg, fn, 1).get(0), where);
                }
                case "Fn::And", "Fn::Or" -> {
                    List<?> args = list(arg, fn);
                    if (args.size() < 2 || args.size() > 10) {
                        throw new InvalidTemplateException(fn + " takes 2 to 10 conditions, got " + args.size());
                    }
                    boolean and = fn.equals("Fn::And");
                    for (Object item : args) {
                        if (conditionValue(item, where) != and) {
                            return !and;
                        }
                    }
                    return and;
                }
                default -> {
                }
            }
        }
        throw new InvalidTemplateException(where + ": " + node + " is not a condition function (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition)");
    }

    private Object function(String fn, Object arg) throws Unresolvable {
        return switch (fn) {
            case "Ref" -> ref(arg);
            case "Fn::GetAtt" -> getAtt(arg);
            case "Fn::Join" -> join(arg);
            case "Fn::Split" -> split(arg);
            case "Fn::Select" -> select(arg);
            case "Fn::Sub" -> sub(arg);
            case "Fn::If" -> {
                List<?> args = args(arg, fn, 3);
                if (!(args.get(0) instanceof String name)) {
                    throw new InvalidTemplateException("Fn::If needs a condition name first, got " + args.get(0));
                }
                yield eval(condition(name) ? args.get(1) : args.get(2));
            }
            case "Fn::FindInMap" -> findInMap(arg);
            case "Fn::Base64" -> text(eval(arg), fn);
            default -> throw new Unresolvable(fn + " is not evaluated locally");
        };
    }

    private Object ref(Object arg) throws Unresolvable {
        if (!(arg instanceof String name)) {
            throw new InvalidTemplateException("Ref needs a name, got " + arg);
        }
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (scope.pseudo().containsKey(name)) {
            return scope.pseudo().get(name);
        }
        if (name.startsWith("AWS::")) {
            throw new Unresolvable("pseudo parameter " + name + " is not known locally");
        }
        if (scope.parameters().containsKey(name)) {
            return scope.parameterValue(name);
        }
        String type = scope.resourceTypes().get(name);
        if (type != null) {
            return new EnvValue.Resource(name, type, null);
        }
        throw new InvalidTemplateException("!Ref " + name + " names neither a parameter, a pseudo parameter nor a resource");
    }

    private Object getAtt(Object arg) {
        List<?> parts = arg instanceof List<?> l ? l : List.of(String.valueOf(arg).split("\\.", 2));
        if (parts.size() != 2 || !(parts.get(0) instanceof String name) || !(parts.get(1) instanceof String attribute)) {
            throw new InvalidTemplateException("!GetAtt needs [Resource, Attribute] as literal strings, got " + arg);
        }
        String type = scope.resourceTypes().get(name);
        if (type == null) {
            throw new InvalidTemplateException("!GetAtt " + name + "." + attribute + ": no resource " + name);
        }
        ResourceAttributes.check(name, type, attribute);
        return new EnvValue.Resource(name, type, attribute);
    }

    private Object join(Object arg) throws Unresolvable {
        List<?> args = args(arg, "Fn::Join", 2);
        if (!(args.get(0) instanceof String delimiter)) {
            throw new InvalidTemplateException("Fn::Join delimiter must be a literal string (CloudFormation: you can't use any functions), got "
                    + args.get(0));
        }
        if (!(eval(args.get(1)) instanceof List<?> items)) {
            throw new InvalidTemplateException("Fn::Join needs a list of values, got " + args.get(1));
        }
        List<String> parts = new ArrayList<>();
        for (Object item : items) {
            parts.add(text(item, "a Fn::Join item"));
        }
        return String.join(delimiter, parts);
    }

    private Object split(Object arg) throws Unresolvable {
        List<?> args = args(arg, "Fn::Split", 2);
        if (!(args.get(0) instanceof String delimiter) || delimiter.isEmpty()) {
            throw new InvalidTemplateException("Fn::Split delimiter must be a literal, non-empty string (CloudFormation: you can't use any functions), got "
                    + args.get(0));
        }
        String source = text(eval(args.get(1)), "the string Fn::Split splits");
        return new ArrayList<Object>(List.of(source.split(Pattern.quote(delimiter), -1)));
    }

    private Object select(Object arg) throws Unresolvable {
        List<?> args = args(arg, "Fn::Select", 2);
        String indexText = text(eval(args.get(0)), "the Fn::Select index");
        int index;
        try {
            index = Integer.parseInt(indexText.trim());
        } catch (NumberFormatException e) {
            throw new InvalidTemplateException("Fn::Select index must be a number, got '" + indexText + "'");
        }
        if (!(eval(args.get(1)) instanceof List<?> items)) {
            throw new InvalidTemplateException("Fn::Select needs a list to select from, got " + args.get(1));
        }
        if (index < 0 || index >= items.size()) {
            throw new InvalidTemplateException("Fn::Select index " + index + " is out of range for a list of " + items.size());
        }
        return items.get(index);
    }

    private Object sub(Object arg) throws Unresolvable {
        Object template = arg;
        Map<?, ?> variables = Map.of();
        if (arg instanceof List<?> l) {
            if (l.size() != 2 || !(l.get(1) instanceof Map<?, ?> m)) {
                throw new InvalidTemplateException("Fn::Sub takes a string, or [string, {variable: value}], got " + arg);
            }
            template = l.get(0);
            variables = m;
        }
        if (!(template instanceof String text)) {
            throw new InvalidTemplateException("the Fn::Sub string must be a literal (CloudFormation: you can't use any functions), got " + template);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            Object value;
            if (variables.containsKey(name)) {
                value = eval(variables.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = getAtt(name);
            } else {
                value = ref(name);
            }
            if (value instanceof List<?>) {
                throw new InvalidTemplateException("Fn::Sub variable ${" + name + "} is a list; Fn::Sub substitutes strings only");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text(value, "Fn::Sub variable ${" + name + "}")));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private Object findInMap(Object arg) throws Unresolvable {
        List<?> args = args(arg, "Fn::FindInMap", 3);
        String map = text(eval(args.get(0)), "Fn::FindInMap map name");
        String top = text(eval(args.get(1)), "Fn::FindInMap top-level key");
        String second = text(eval(args.get(2)), "Fn::FindInMap second-level key");
        if (scope.mappings().get(map) instanceof Map<?, ?> m && m.get(top) instanceof Map<?, ?> level && level.containsKey(second)) {
            return eval(level.get(second));
        }
        throw new InvalidTemplateException("Fn::FindInMap [" + map + ", " + top + ", " + second + "] is not in Mappings");
    }

    private static List<?> args(Object arg, String fn, int count) {
        List<?> list = list(arg, fn);
        if (list.size() != count) {
            throw new InvalidTemplateException(fn + " takes " + count + " arguments, got " + list.size() + ": " + arg);
        }
        return list;
    }

    private static List<?> list(Object arg, String fn) {
        if (arg instanceof List<?> l) {
            return l;
        }
        throw new InvalidTemplateException(fn + " needs a list of arguments, got " + arg);
    }
}
