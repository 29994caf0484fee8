package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The functions of this repository the CLI can run, and the one routing of an event to the function that receives its
 * shape in AWS. Each new function adds itself here; {@code replay --help} lists them from here.
 */
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
                    + event.keySet() + "). Known shapes: " + ALL.stream().map(f -> f.name() + ": "
                    + String.join(", ", f.shapes().stream().map(LocalFunction.Shape::name).toList())).collect(Collectors.joining("; "))
                    + " (./autopilot replay --help tells them apart). Pass --function NAME to force one.");
        }
        throw CliException.failure(file + ": several functions take this shape (" + matches.stream().map(m -> m.function().name())
                .toList() + "); choose with --function NAME");
    }

    public record Match(LocalFunction function, String shape) {
    }

}
