package com.edgeautopilot.testbed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What intrinsic functions see: the declared parameters with the values of one environment (or their defaults),
 * pseudo parameters, the resources (with those the SAM transform generates), conditions and mappings.
 */
record TemplateScope(Map<String, Object> parameters, Map<String, String> parameterValues, Map<String, String> pseudo,
                     Map<String, String> resourceTypes, Map<String, Object> conditions, Map<String, Object> mappings) {

    /** A parameter's value as CloudFormation passes it: a List for list types, else the text. */
    Object parameterValue(String name) throws Intrinsics.Unresolvable {
        if (!(parameters.get(name) instanceof Map<?, ?> declaration)) {
            throw new InvalidTemplateException("no parameter " + name);
        }
        Object value;
        if (parameterValues.containsKey(name)) {
            value = parameterValues.get(name);
        } else if (declaration.containsKey("Default")) {
            value = declaration.get("Default");
        } else {
            throw new Intrinsics.Unresolvable("!Ref " + name + " is a parameter without a Default and no value was given");
        }
        String type = String.valueOf(declaration.get("Type"));
        if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
            List<Object> items = new ArrayList<>();
            if (value instanceof List<?> list) {
                items.addAll(list.stream().map(String::valueOf).toList());
            } else {
                for (String part : String.valueOf(value).split(",", -1)) {
                    items.add(part.trim());
                }
            }
            return items;
        }
        return value;
    }

    /**
     * The resources of a SAM template as CloudFormation will have them: the declared ones, plus those the SAM
     * transform generates with documented logical ids (SAM "Generated AWS CloudFormation resources"): a function's
     * role {@code <Function>Role} when it names none, a Schedule/EventBridgeRule event's rule {@code <Function><Event>},
     * an SQS/Kinesis/DynamoDB event's mapping {@code <Function><Event>}, and {@code <Function>.Alias}/{@code .Version}
     * for {@code !Ref} when it has an AutoPublishAlias.
     */
    static Map<String, String> resourceTypes(Map<String, Object> resources, Map<?, ?> functionGlobals) {
        Map<String, String> types = new LinkedHashMap<>();
        resources.forEach((id, body) -> {
            if (body instanceof Map<?, ?> r && r.get("Type") != null) {
                types.put(id, r.get("Type").toString());
            }
        });
        resources.forEach((id, body) -> {
            if (!(body instanceof Map<?, ?> r) || !"AWS::Serverless::Function".equals(r.get("Type"))) {
                return;
            }
            Map<?, ?> properties = r.get("Properties") instanceof Map<?, ?> p ? p : Map.of();
            if (!properties.containsKey("Role")) {
                types.putIfAbsent(id + "Role", "AWS::IAM::Role");
            }
            if (properties.containsKey("AutoPublishAlias") || functionGlobals.containsKey("AutoPublishAlias")) {
                types.putIfAbsent(id + ".Alias", "AWS::Lambda::Alias");
                types.putIfAbsent(id + ".Version", "AWS::Lambda::Version");
            }
            if (properties.get("Events") instanceof Map<?, ?> events) {
                events.forEach((event, definition) -> {
                    String eventType = definition instanceof Map<?, ?> d ? String.valueOf(d.get("Type")) : "";
                    String generated = switch (eventType) {
                        case "Schedule", "EventBridgeRule", "CloudWatchEvent" -> "AWS::Events::Rule";
                        case "ScheduleV2" -> "AWS::Scheduler::Schedule";
                        case "SQS", "Kinesis", "DynamoDB", "MSK", "MQ" -> "AWS::Lambda::EventSourceMapping";
                        default -> null;
                    };
                    if (generated != null) {
                        types.putIfAbsent(id + event, generated);
                    }
                });
            }
        });
        return types;
    }
}
