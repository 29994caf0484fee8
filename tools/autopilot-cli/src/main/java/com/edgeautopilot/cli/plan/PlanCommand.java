package com.edgeautopilot.cli.plan;

import com.edgeautopilot.cli.Args;
import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.Command;
import com.edgeautopilot.cli.Io;
import com.edgeautopilot.cli.JsonOut;
import com.edgeautopilot.cli.Repo;
import com.edgeautopilot.cli.functions.CoalescerFunction;
import com.edgeautopilot.cli.functions.FunctionEnvironment;
import com.edgeautopilot.testbed.EnvValue;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.event.S3EventParser;
import com.edgeautopilot.coalescer.plan.Capacity;
import com.edgeautopilot.coalescer.plan.InvalidationPlanner;
import com.edgeautopilot.coalescer.plan.Inventory;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.plan.Plan;
import com.edgeautopilot.coalescer.plan.PlannedPath;
import com.edgeautopilot.common.Json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code ./autopilot plan}: the invalidation the coalescer would send for a set of changed keys. No AWS at all. */
public final class PlanCommand implements Command {

    /** CloudFront's distribution ids, as the coalescer's route validation accepts them. */
    static final String DISTRIBUTION_ID = "[A-Z0-9]{10,20}";
    static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    static final int MAX_PROBLEMS_SHOWN = 20;

    @Override
    public String name() {
        return "plan";
    }

    @Override
    public String summary() {
        return "Dry run, no AWS: the invalidation paths, requests and cost for a set of changed keys";
    }

    @Override
    public String help() {
        return """
                Usage: ./autopilot plan [FILE...|-] --distribution ID --bucket NAME [--origin-path P]
                                        [--index-document index.html] [--free-paths-left N] [--inventory FILE]

                Plans the invalidation of changed S3 keys exactly as the coalescer's planner would (same cost model,
                from template.yaml), and prints it as JSON. Needs no AWS and no stand-ins.

                Input (files, or standard input when none or '-'):
                  one key per line, exactly as stored in S3 (not URL-encoded), or s3://BUCKET/KEY;
                  or S3 events as JSON, a whole file or one per line: an SQS batch (events/sqs/*.json), an S3
                  notification (keys form-decoded), an EventBridge S3 event, or any of them wrapped in SNS.
                  Blank lines are skipped. A line that cannot be read (bad s3:// URL, another bucket, broken JSON,
                  control characters, a key over 1,024 bytes) is reported on stderr with its line number, and the
                  command exits 1 without a plan. Unreadable input (no such file, not UTF-8) also exits 1.

                Options:
                  --distribution ID        the CloudFront distribution (required)
                  --bucket NAME            the S3 bucket behind it (required)
                  --origin-path P          the origin's OriginPath, e.g. /site (key site/a.html is /a.html)
                  --index-document NAME    e.g. index.html: the site serves docs/index.html at /docs/ and /docs
                                           too, and index.html at / (all are invalidated)
                  --free-paths-left N      free invalidation paths left this month (default: FREE_PATHS_PER_MONTH
                                           from template.yaml, 1000); paths beyond them cost $0.005 each
                  --inventory FILE         every object key in the bucket, one per line: wildcards are priced by
                                           the unchanged objects they would evict (collateralObjects)

                Output:
                  {"distributions":[{"distributionId":..., "paths":[{"path","wildcard","coveredChanges",
                   "collateralObjects","reason"}...], "requests":N, "billablePaths":N, "estimatedCostUsd":N,
                   "collateralObjects":N or null without --inventory, "changedKeys":N, "urlPaths":N,
                   "unservedKeys":N, "deferredPaths":[...]}]}
                  changedKeys counts distinct keys; urlPaths the URL paths they are served at (with index aliases);
                  unservedKeys the keys outside --origin-path (listed on stderr).

                Example:
                  printf 'index.html\\ndocs/index.html\\nassets/app.css\\n' | ./autopilot plan --distribution E2QWRUHAPOMQZL \\
                      --bucket example-site-bucket --index-document index.html
                """;
    }

    @Override
    public int run(List<String> argv, Io io) {
        Args args = Args.parse("plan", argv,
                Set.of("--distribution", "--bucket", "--origin-path", "--index-document", "--free-paths-left", "--inventory"), Set.of());
        if (args.help()) {
            io.out().print(help());
            return 0;
        }
        String distributionId = args.required("--distribution");
        String bucket = args.required("--bucket");
        if (!distributionId.matches(DISTRIBUTION_ID)) {
            throw CliException.usage("plan: --distribution '" + distributionId + "' is not a CloudFront distribution id (10-20 capital letters and digits, like E2QWRUHAPOMQZL)");
        }
        if (!bucket.matches(BUCKET)) {
            throw CliException.usage("plan: --bucket '" + bucket + "' is not a valid S3 bucket name");
        }
        String index = args.value("--index-document");
        OriginRoute route;
        try {
            route = new OriginRoute(distributionId, bucket, args.value("--origin-path"), "", index, index);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("plan: " + e.getMessage().replace("originPath", "--origin-path")
                    .replace("defaultRootObject", "--index-document").replace("directoryIndex", "--index-document"));
        }
        CoalescerConfig config = config(route, io.env());
        long freePathsLeft = args.longValue("--free-paths-left", config.freePathsPerMonth(), 0, Long.MAX_VALUE / 2);

        S3EventParser parser = new S3EventParser(config.eventBridgeKeys());
        KeyInput changed = new KeyInput(bucket, parser, true);
        List<String> inputs = args.positional().isEmpty() ? List.of("-") : args.positional();
        if (inputs.stream().filter("-"::equals).count() > 1) {
            throw CliException.usage("plan: standard input ('-') can be read only once");
        }
        for (String input : inputs) {
            changed.read(input, io.in());
        }
        KeyInput inventoryInput = null;
        if (args.value("--inventory") != null) {
            inventoryInput = new KeyInput(bucket, parser, false);
            inventoryInput.read(args.value("--inventory"), io.in());
        }
        changed.notes().forEach(note -> io.err().println("plan: " + note));
        List<KeyInput.Problem> problems = new ArrayList<>(changed.problems());
        if (inventoryInput != null) {
            inventoryInput.problems().forEach(p -> problems.add(new KeyInput.Problem("inventory " + p.where(), p.message())));
        }
        if (!problems.isEmpty()) {
            problems.stream().limit(MAX_PROBLEMS_SHOWN).forEach(p -> io.err().println("plan: " + p));
            if (problems.size() > MAX_PROBLEMS_SHOWN) {
                io.err().println("plan: ... and " + (problems.size() - MAX_PROBLEMS_SHOWN) + " more");
            }
            io.err().println("error: " + problems.size() + (problems.size() == 1 ? " input line" : " input lines")
                    + " could not be read; no plan printed");
            return CliException.FAILURE;
        }

        Set<String> rawPaths = new TreeSet<>();
        List<String> unserved = new ArrayList<>();
        for (String key : changed.keys()) {
            List<String> paths = route.urlPaths(key);
            if (paths.isEmpty()) {
                unserved.add(key);
            }
            rawPaths.addAll(paths);
        }
        if (!unserved.isEmpty()) {
            io.err().println("plan: " + unserved.size() + (unserved.size() == 1 ? " key is" : " keys are") + " outside --origin-path "
                    + route.originPath() + " and not served by this distribution (nothing to invalidate):");
            unserved.stream().limit(MAX_PROBLEMS_SHOWN).forEach(k -> io.err().println("  " + k));
            if (unserved.size() > MAX_PROBLEMS_SHOWN) {
                io.err().println("  ... and " + (unserved.size() - MAX_PROBLEMS_SHOWN) + " more");
            }
        }
        Inventory inventory = inventoryInput == null ? null : Inventory.ofKeys(route, inventoryInput.keys());
        Plan plan = rawPaths.isEmpty() ? Plan.empty()
                : new InvalidationPlanner(config.costModel()).plan(rawPaths, Capacity.idle(freePathsLeft), inventory);

        Map<String, Object> distribution = new LinkedHashMap<>();
        distribution.put("distributionId", distributionId);
        List<Map<String, Object>> paths = new ArrayList<>();
        for (PlannedPath p : plan.paths()) {
            Map<String, Object> path = new LinkedHashMap<>();
            path.put("path", p.path());
            path.put("wildcard", p.wildcard());
            path.put("coveredChanges", p.coveredChanges());
            path.put("collateralObjects", p.collateralObjects());
            path.put("reason", p.reason());
            paths.add(path);
        }
        distribution.put("paths", paths);
        distribution.put("requests", plan.requests().size());
        distribution.put("billablePaths", plan.billablePaths());
        distribution.put("estimatedCostUsd", usd(plan.estimatedCostUsd()));
        distribution.put("collateralObjects", inventory == null ? null : plan.collateralObjects() == null ? 0L : plan.collateralObjects());
        distribution.put("changedKeys", changed.keys().size());
        distribution.put("urlPaths", rawPaths.size());
        distribution.put("unservedKeys", unserved.size());
        distribution.put("deferredPaths", new ArrayList<>(plan.deferred()));
        distribution.put("freePathsLeft", freePathsLeft);
        io.out().println(JsonOut.pretty(Map.of("distributions", List.of(distribution))));
        return 0;
    }

    /**
     * The coalescer's own configuration from template.yaml (overridable by the process environment, as in replay),
     * with this route: so the cost model and key decoding are the deployed function's.
     */
    static CoalescerConfig config(OriginRoute route, Map<String, String> processEnv) {
        Map<String, EnvValue> template = new LinkedHashMap<>(Repo.template().environment(CoalescerFunction.LOGICAL_ID));
        Map<String, Object> routeJson = new LinkedHashMap<>();
        routeJson.put("bucket", route.bucket());
        routeJson.put("distributionId", route.distributionId());
        if (!route.originPath().isEmpty()) {
            routeJson.put("originPath", route.originPath());
        }
        if (route.defaultRootObject() != null) {
            routeJson.put("defaultRootObject", route.defaultRootObject());
        }
        if (route.directoryIndex() != null) {
            routeJson.put("directoryIndex", route.directoryIndex());
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("SITE_ROUTES", Json.write(List.of(routeJson)));
        fixed.put("DISTRIBUTION_IDS", route.distributionId());
        // resources do not exist in a dry run; nothing reads them here
        template.forEach((name, value) -> {
            if (!(value instanceof EnvValue.Literal)) {
                fixed.putIfAbsent(name, "dry-run");
            }
        });
        fixed.remove("USAGE_TOPIC_ARN");
        template.remove("USAGE_TOPIC_ARN");
        Map<String, String> env = FunctionEnvironment.resolve(template, processEnv, fixed, (resource, variable) -> "dry-run");
        return CoalescerFunction.config(env);
    }

    static BigDecimal usd(double dollars) {
        BigDecimal value = BigDecimal.valueOf(dollars).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
