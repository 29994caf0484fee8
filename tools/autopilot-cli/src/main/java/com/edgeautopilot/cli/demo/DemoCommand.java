package com.edgeautopilot.cli.demo;

import com.edgeautopilot.cli.Args;
import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.Command;
import com.edgeautopilot.cli.Io;
import com.edgeautopilot.cli.JsonOut;
import com.edgeautopilot.cli.Repo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code ./autopilot demo}: the whole system on embedded stand-ins, one scene per function. */
public final class DemoCommand implements Command {

    /** The scenes, in order. A new function adds its scene here. */
    static final List<Scene> SCENES = List.of(new CoalescerScene(), new EdgeRouterScene(), new FailoverScene(), new CostAlertsScene());

    static final int DEFAULT_FILES = 1900;
    static final long DEFAULT_SEED = 20261121L;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "The whole system at work on embedded stand-ins: a site deploy coalesced, edge requests routed, an origin failed over and back";
    }

    @Override
    public String help() {
        return String.format(Locale.ROOT, """
                Usage: ./autopilot demo [--json] [--files N] [--seed N] [--scene ID]...

                Shows Edge Autopilot at work with nothing but this repository: DynamoDB Local runs in this process and
                moto's server (CloudFront, SNS) on a free 127.0.0.1 port, both started and stopped by the command.

                Scenes:
                  invalidation-coalescer  creates the coalescer's table from template.yaml and a distribution in moto,
                                          replays a generated static site's deploy (thousands of EventBridge S3 events,
                                          some duplicated, in SQS batches exactly as Lambda delivers them) through the
                                          real CoalescerHandler with the template's environment, moves the clock past
                                          the quiet period, runs the scheduled flush, and shows the changes received,
                                          what was pending, the paths chosen and why, the requests made, billable
                                          paths and cost, against invalidating one path per changed object.
                  edge-geo-router         sample viewer requests (events/edge/) through the CloudFront Function, run
                                          on node, with the decision for each. Needs Node.js >= 20.
                  origin-failover         a health-check alarm moves a distribution (created in moto with a primary and a
                                          standby origin) to the standby through the real FailoverHandler; the
                                          follow-up tick sees it Deployed; the primary recovers and after the dwell
                                          time traffic moves back; a second, flapping origin is held after the flap
                                          limit with one notice. Simulated clock; notifications read from SNS via SQS.
                  cost-alerts             an hour of noisy cost signals (the samples of events/, repeated, in both
                                          shapes; an anomaly that grows, a billing alarm that resolves) through the real
                                          CostAlertsHandler on a moving clock with the template's timers, the digests it
                                          publishes, then a price-class report from sample Cost Explorer results.

                Options:
                  --json        print one JSON document (and nothing else) on stdout; progress stays on stderr
                  --files N     files in the generated site (default %d: under the flush-at-2,000-pending
                                threshold, so one scheduled flush handles the deploy; larger sites also show the
                                flushes the coalescer starts on its own while ingesting)
                  --seed N      the generated site and its events (default %d; same seed, same demo)
                  --scene ID    only this scene (repeatable)

                The functions' own log lines and metrics go to a file named at the end (they are not the demo's output).
                """, DEFAULT_FILES, DEFAULT_SEED);
    }

    @Override
    public int run(List<String> argv, Io io) throws Exception {
        Args args = Args.parse("demo", argv, Set.of("--files", "--seed", "--scene"), Set.of("--json"));
        if (args.help()) {
            io.out().print(help());
            return 0;
        }
        if (!args.positional().isEmpty()) {
            throw CliException.usage("demo: unexpected argument '" + args.positional().get(0) + "' (see ./autopilot demo --help)");
        }
        boolean json = args.flag("--json");
        int files = (int) args.longValue("--files", DEFAULT_FILES, 20, 200_000);
        long seed = args.longValue("--seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Scene> scenes = new ArrayList<>();
        for (String id : args.values("--scene")) {
            scenes.add(SCENES.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> CliException.usage(
                    "demo: no scene '" + id + "'; scenes: " + SCENES.stream().map(Scene::id).toList())));
        }
        if (scenes.isEmpty()) {
            scenes = SCENES;
        }

        long started = System.nanoTime();
        Path logFile = Files.createTempFile("edge-autopilot-demo-", ".log");
        Narrator say = new Narrator(io.out(), !json);
        Progress progress = new Progress(io.err(), io.interactive(), true);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("demo", "edge-autopilot");
        List<Map<String, Object>> played = new ArrayList<>();
        try (OutputStream logOut = Files.newOutputStream(logFile);
             PrintStream logs = new PrintStream(logOut, true, StandardCharsets.UTF_8);
             Stage stage = new Stage(Repo.root(), Repo.template(), new Stage.Options(files, seed), say, progress, logs)) {
            say.text("Edge Autopilot demo: the real functions on local stand-ins; no AWS account, nothing deployed.");
            say.blank();
            int number = 0;
            for (Scene scene : scenes) {
                number++;
                say.heading(number, scene.title());
                long sceneStarted = System.nanoTime();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("id", scene.id());
                result.put("title", scene.title());
                result.putAll(scene.play(stage));
                result.put("elapsedSeconds", seconds(System.nanoTime() - sceneStarted));
                played.add(result);
                say.blank();
            }
            if (stage.awsStarted()) {
                document.put("standIns", stage.aws().toJson());
            }
        }
        double elapsed = seconds(System.nanoTime() - started);
        document.put("scenes", played);
        document.put("elapsedSeconds", elapsed);
        document.put("functionLogs", logFile.toString());
        if (json) {
            io.out().println(JsonOut.pretty(document));
        } else {
            say.text(String.format(Locale.ROOT, "Done in %.1f s; stand-ins stopped. Function logs: %s", elapsed, logFile));
            say.text("Next: ./autopilot replay events/sqs/mixed-batch.json · ./autopilot plan --help · ./autopilot policy check "
                    + "functions/edge-geo-router/policy.json");
        }
        return 0;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }
}
