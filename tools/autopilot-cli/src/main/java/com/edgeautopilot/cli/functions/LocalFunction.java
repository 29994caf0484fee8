package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.aws.AwsTarget;
import com.edgeautopilot.testbed.TemplateModel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** A function of this repository that the CLI can run locally on an event, the way AWS would invoke it. */
public interface LocalFunction {

    /** Folder name under functions/, also the {@code --function} name. */
    String name();

    /** Other names {@code --function} accepts (the template's logical id). */
    List<String> aliases();

    /** AWS services the function calls (endpoint checks); empty when it calls none. */
    Set<String> awsServices();

    /** A short description of the event's shape when this function receives such events in AWS, else null. */
    String recognise(Map<String, Object> event);

    /**
     * The event shapes {@link #recognise} accepts, for {@code replay --help} and the "no function takes this" message:
     * every description {@code recognise} returns begins with one of these names (ReplayHelpTest checks it on every
     * sample event in events/).
     */
    List<Shape> shapes();

    /** One event shape: the name {@link #recognise} starts its description with, and how to tell such an event. */
    record Shape(String name, String howToTell) {
    }

    /** Makes the function ready to invoke (environment resolved, stand-in resources bound, production wiring). */
    Prepared prepare(Setup setup);

    /** What preparing a function may use. {@code aws} is null for functions that call no AWS service. */
    record Setup(Path repoRoot, TemplateModel template, AwsTarget aws, ResourceBinder resources, Map<String, String> processEnv,
                 Map<String, String> overrides, Clock clock, PrintStream logs, Consumer<String> notes) {
    }

    /** A function ready to be invoked, once per event, in order. */
    interface Prepared extends AutoCloseable {

        /** The environment it runs with. */
        Map<String, String> environment();

        /** Invokes the handler on the event's JSON text; returns the handler's response (JSON text) or throws what it threw. */
        String invoke(String eventJson, LocalContext context) throws Exception;

        /** Lambda function name used in the context. */
        String functionName();

        @Override
        default void close() {
        }
    }
}
