package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The functions of this repository the CLI can run. Each new function adds itself here. */
public final class Functions {

    private static final List<LocalFunction> ALL = List.of(new CoalescerFunction(), new EdgeRouterFunction(), new FailoverFunction(),
            new CostAlertsFunction());

    private Functions() {
    }

    public static List<LocalFunction> all() {
        return ALL;
    }

    /** By {@code --function} name (folder name, logical id or alias), case-insensitive. */
    public static LocalFunction named(String name) {
        for (LocalFunction f : ALL) {
            if (f.name().equalsIgnoreCase(name) || f.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                return f;
            }
        }
        throw CliException.usage("no function named '" + name + "'; functions: " + names());
    }

    public static List<String> names() {
        return ALL.stream().map(LocalFunction::name).toList();
    }

    /** The function that receives events of this shape in AWS. */
    public static Match forEvent(Map<String, Object> event, String file) {
        List<Match> matches = new ArrayList<>();
        for (LocalFunction f : ALL) {
            String shape = f.recognise(event);
            if (shape != null) {
                matches.add(new Match(f, shape));
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw CliException.failure(file + ": no function of this repository receives an event of this shape (top-level keys "
                    + event.keySet() + "). Known shapes: SQS batch, S3 notification, EventBridge S3 event, scheduled event, "
                    + "{\"action\":\"flush\"} (" + CoalescerFunction.NAME + "); CloudFront Functions viewer event ("
                    + EdgeRouterFunction.NAME + "); CloudWatch alarm (SNS, EventBridge, alarm action), failover follow-up tick, operator "
                    + "{\"action\":\"status|failover|failback|hold|release\"} (" + FailoverFunction.NAME + "); "
                    + CostAlertsFunction.shapes() + ". Pass --function NAME to force one.");
        }
        throw CliException.failure(file + ": several functions take this shape (" + matches.stream().map(m -> m.function().name())
                .toList() + "); choose with --function NAME");
    }

    public record Match(LocalFunction function, String shape) {
    }

}
