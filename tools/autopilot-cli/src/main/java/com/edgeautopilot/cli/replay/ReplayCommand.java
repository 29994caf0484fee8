package com.edgeautopilot.cli.replay;

import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.cli.Args;
import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.Command;
import com.edgeautopilot.cli.Io;
import com.edgeautopilot.cli.JsonOut;
import com.edgeautopilot.cli.Repo;
import com.edgeautopilot.cli.aws.AwsCalls;
import com.edgeautopilot.cli.aws.AwsTarget;
import com.edgeautopilot.cli.functions.EventTimes;
import com.edgeautopilot.cli.functions.FunctionOutput;
import com.edgeautopilot.cli.functions.Functions;
import com.edgeautopilot.cli.functions.LocalContext;
import com.edgeautopilot.cli.functions.LocalFunction;
import com.edgeautopilot.cli.functions.ResourceBinder;
import com.edgeautopilot.testbed.TemplateModel;
import com.edgeautopilot.common.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** {@code ./autopilot replay EVENT.json...}: events through the functions that would receive them, with every AWS call shown. */
public final class ReplayCommand implements Command {

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "Run events through the function that would receive them in AWS; print each AWS call and the response";
    }

    @Override
    public String help() {
        return """
                Usage: ./autopilot replay EVENT.json... [--function NAME] [--env KEY=VALUE]... [--clock events|now]
                                          [--full] [--allow-remote] [--quiet]

                Runs each event, in order and in one process (state carries over as between invocations), through the
                function that receives events of its shape in AWS, with the environment template.yaml gives that
                function. Prints one JSON line per AWS call the function made, then one line with its response.

                Functions and the event shapes they take (the shape names the "shape" field of the output):
                """ + functions() + """
                Sample events: events/ (see events/README.md).

                Options:
                  --function NAME     run every event through NAME instead of choosing by shape (names above, or the
                                      template's logical id)
                  --env KEY=VALUE     set a variable of the function's environment (repeatable). Precedence:
                                      --env, then the process environment (for variables the template sets),
                                      then template.yaml (parameters at their defaults)
                  --clock events      (default) the function's clock follows each event's own timestamp (EventBridge
                                      "time", SQS receive time, S3 "eventTime"; never backwards), so an upload
                                      followed by a scheduled event replays the quiet period as it happened
                  --clock now         wall-clock time
                  --full              print each AWS request whole: published messages (a failover notice, a cost
                                      digest) as subscribers get them, every item of long lists. Default: abridged,
                                      strings over 200 characters cut with their length noted ("… (1234 chars; ...)"),
                                      lists and maps after 10 entries, nesting after 5 levels
                  --allow-remote      allow non-loopback AWS_ENDPOINT_URL* (and services without one to reach AWS)
                  --quiet             drop the functions' own log lines (default: on stderr)

                Where the AWS calls go:
                  by default, embedded stand-ins started and stopped by this command: DynamoDB Local in process and
                  moto's server (CloudFront, SNS) on 127.0.0.1; template resources (the coalescer's table, the usage
                  topic) are created there, and the configured distribution ids are played by distributions created
                  in moto (noted on stderr). When AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE> is set, those
                  endpoints instead (loopback only, unless --allow-remote).

                Output (stdout, one JSON object per line; "type" tells which):
                  {"type":"aws-call","seq":1,"service":"DynamoDB","operation":"UpdateItem","status":200,"ms":2.1,
                   "endpoint":"http://127.0.0.1:41234","request":{...}, "error":{"code":..,"message":..} on failure}
                  {"type":"response","event":"FILE","function":"NAME","shape":"...","time":"...","response":{...}}
                  {"type":"error","event":"FILE","function":"NAME","error":{"type":..,"message":..}}  (exit status 1)
                """;
    }

    /** The functions {@link Functions} routes events to, each with the shapes it recognises: never a second list. */
    static String functions() {
        StringBuilder out = new StringBuilder();
        for (LocalFunction function : Functions.all()) {
            List<String> services = function.awsServices().stream().sorted().toList();
            out.append("  ").append(function.name()).append(services.isEmpty() ? " (makes no AWS calls)" : " (calls " + String.join(", ", services) + ")")
                    .append('\n');
            for (LocalFunction.Shape shape : function.shapes()) {
                out.append("      ").append(shape.name()).append(": ").append(shape.howToTell()).append('\n');
            }
        }
        return out.toString();
    }

    private record Loaded(Path file, String text, Map<String, Object> event, LocalFunction function, String shape) {
    }

    @Override
    public int run(List<String> argv, Io io) throws Exception {
        Args args = Args.parse("replay", argv, Set.of("--function", "--env", "--clock"), Set.of("--allow-remote", "--quiet", "--full"));
        if (args.help()) {
            io.out().print(help());
            return 0;
        }
        if (args.positional().isEmpty()) {
            throw CliException.usage("replay: give at least one EVENT.json (see ./autopilot replay --help)");
        }
        String clockMode = args.value("--clock") == null ? "events" : args.value("--clock");
        if (!clockMode.equals("events") && !clockMode.equals("now")) {
            throw CliException.usage("replay: --clock must be 'events' or 'now', got '" + clockMode + "'");
        }
        LocalFunction forced = args.value("--function") == null ? null : Functions.named(args.value("--function"));
        Map<String, String> overrides = args.pairs("--env");

        List<Loaded> events = new ArrayList<>();
        for (String name : args.positional()) {
            Path file = Path.of(name);
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.failure("cannot read " + name + ": " + e.getMessage());
            }
            Map<String, Object> event;
            try {
                event = Json.parseObject(text);
            } catch (IllegalArgumentException e) {
                throw CliException.failure(name + ": " + e.getMessage());
            }
            if (forced != null) {
                String shape = forced.recognise(event);
                events.add(new Loaded(file, text, event, forced, shape == null ? "unrecognised shape (forced)" : shape));
            } else {
                Functions.Match match = Functions.forEvent(event, name);
                events.add(new Loaded(file, text, event, match.function(), match.shape()));
            }
        }

        Path root = Repo.root();
        TemplateModel template = Repo.template();
        PrintStream logs = args.flag("--quiet") ? FunctionOutput.DISCARD : io.err();
        ControllableClock clock = new ControllableClock(Instant.now());
        if (clockMode.equals("events")) {
            events.stream().map(l -> EventTimes.of(l.event())).filter(java.util.Optional::isPresent).findFirst()
                    .ifPresent(t -> clock.set(t.get()));
        }
        Clock functionClock = clockMode.equals("now") ? Clock.systemUTC() : clock;

        boolean needsAws = events.stream().anyMatch(l -> !l.function().awsServices().isEmpty());
        AwsTarget aws = null;
        Map<LocalFunction, LocalFunction.Prepared> prepared = new LinkedHashMap<>();
        int failures = 0;
        try {
            if (needsAws) {
                if (AwsTarget.endpointsConfigured(io.env())) {
                    Set<String> services = new java.util.TreeSet<>();
                    events.forEach(l -> services.addAll(l.function().awsServices()));
                    aws = AwsTarget.external(io.env(), services, args.flag("--allow-remote"));
                } else {
                    aws = AwsTarget.embedded(message -> io.err().println("replay: " + message));
                }
                io.err().println("replay: AWS calls go to " + aws.describe());
            }
            String suffix = aws != null && aws.embedded() ? "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) : "";
            ResourceBinder resources = new ResourceBinder(template, aws, suffix);
            for (Loaded loaded : events) {
                LocalFunction function = loaded.function();
                LocalFunction.Prepared ready = prepared.get(function);
                if (ready == null) {
                    ready = function.prepare(new LocalFunction.Setup(root, template, aws, resources, io.env(), overrides, functionClock,
                            logs, note -> io.err().println("replay: " + note)));
                    prepared.put(function, ready);
                }
                if (clockMode.equals("events")) {
                    EventTimes.of(loaded.event()).ifPresent(clock::advanceTo);
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", loaded.file().toString());
                line.put("function", function.name());
                line.put("shape", loaded.shape());
                line.put("time", functionClock.instant().toString());
                LocalContext context = new LocalContext(ready.functionName(), 120, 1024, logs);
                String response = null;
                Throwable error = null;
                List<AwsCalls.Call> calls;
                try (AwsCalls.Recording recording = AwsCalls.start(args.flag("--full") ? AwsCalls.Requests.WHOLE : AwsCalls.Requests.ABRIDGED)) {
                    try {
                        response = ready.invoke(loaded.text(), context);
                    } catch (Exception | Error e) {
                        error = e;
                    }
                    calls = recording.calls();
                }
                for (AwsCalls.Call call : calls) {
                    io.out().println(JsonOut.line(call.toJson()));
                }
                if (error == null) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("type", "response");
                    out.putAll(line);
                    out.put("response", parseOrText(response));
                    io.out().println(JsonOut.line(out));
                } else {
                    failures++;
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("type", "error");
                    out.putAll(line);
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("type", error.getClass().getName());
                    detail.put("message", String.valueOf(error.getMessage()));
                    out.put("error", detail);
                    io.out().println(JsonOut.line(out));
                    io.err().println("replay: " + loaded.file() + ": " + function.name() + " failed: " + error);
                }
                io.out().flush();
            }
        } finally {
            for (LocalFunction.Prepared p : prepared.values()) {
                p.close();
            }
            if (aws != null) {
                aws.close();
            }
        }
        return failures == 0 ? 0 : CliException.FAILURE;
    }

    private static Object parseOrText(String response) {
        if (response == null || response.isBlank()) {
            return null;
        }
        try {
            return com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(response);
        } catch (IOException e) {
            return response;
        }
    }
}
