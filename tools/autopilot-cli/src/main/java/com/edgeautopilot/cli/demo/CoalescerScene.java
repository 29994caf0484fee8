package com.edgeautopilot.cli.demo;

import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.aws.AwsCalls;
import com.edgeautopilot.cli.aws.AwsTarget;
import com.edgeautopilot.cli.functions.CoalescerFunction;
import com.edgeautopilot.cli.functions.FunctionOutput;
import com.edgeautopilot.cli.functions.LocalContext;
import com.edgeautopilot.cli.functions.LocalFunction;
import com.edgeautopilot.coalescer.cdn.CloudFrontInvalidationGateway;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.flush.FlushOutcome;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.coalescer.inventory.BucketListing;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.store.DistributionState;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.coalescer.store.InvalidationRecord;
import com.edgeautopilot.coalescer.store.OpenBatch;
import com.edgeautopilot.coalescer.usage.SnsUsageSignals;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The invalidation coalescer at work: a generated static site deployed to the bucket of the template's default route,
 * every S3 event delivered as Lambda delivers SQS batches to the real {@link CoalescerHandler} (production wiring,
 * template environment, DynamoDB Local, CloudFront and SNS in moto), time moved past the quiet period, the scheduled
 * flush run, and the result set against invalidating one path per changed object.
 */
final class CoalescerScene implements Scene {

    /** The deploy starts here (the sample events' time line, events/README.md), so the output is the same every run. */
    static final Instant DEPLOY_START = Instant.parse("2026-11-21T09:58:00Z");
    static final double UPLOADS_PER_SECOND = 60;
    static final double DUPLICATE_RATE = 0.04;
    static final int MAX_PATHS_SHOWN = 12;
    private static final int UNTOUCHED_MEDIA = 2_500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String id() {
        return CoalescerFunction.NAME;
    }

    @Override
    public String title() {
        return "Invalidation coalescer: a site deploy, from S3 events to CloudFront invalidations";
    }

    @Override
    public Map<String, Object> play(Stage stage) throws Exception {
        Narrator say = stage.narrator();
        Progress progress = stage.progress();
        AwsTarget aws = stage.aws();
        ControllableClock clock = new ControllableClock(DEPLOY_START);
        List<String> notes = new ArrayList<>();
        LocalFunction.Setup setup = new LocalFunction.Setup(stage.repoRoot(), stage.template(), aws, stage.resources(), Map.of(),
                Map.of(), clock, stage.logs(), notes::add);

        // ---- setup: the template's environment, its resources on the stand-ins, a distribution in moto
        Map<String, String> env = CoalescerFunction.environment(setup);
        CoalescerConfig config = CoalescerFunction.config(env);
        String distributionId = config.routes().distributionIds().iterator().next();
        OriginRoute route = config.routes().routesOf(distributionId).get(0);
        String configuredId = stage.template().parameterDefault("DistributionIds");
        String table = env.get("COALESCER_TABLE");
        String topic = env.get("USAGE_TOPIC_ARN");
        int batchSize = intParameter(stage, "IngestBatchSize", 1000);
        int batchWindow = intParameter(stage, "IngestBatchingWindowSeconds", 10);

        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> setupJson = new LinkedHashMap<>();
        setupJson.put("table", table);
        setupJson.put("usageTopicArn", topic);
        setupJson.put("distributionId", distributionId);
        setupJson.put("playsDistribution", configuredId);
        setupJson.put("bucket", route.bucket());
        setupJson.put("route", routeJson(route));
        json.put("setup", setupJson);
        Map<String, Object> configJson = new LinkedHashMap<>();
        configJson.put("quietPeriodSeconds", config.quietPeriod().toSeconds());
        configJson.put("maxDelaySeconds", config.maxDelay().toSeconds());
        configJson.put("maxPendingChanges", config.maxPendingChanges());
        configJson.put("freePathsPerMonth", config.freePathsPerMonth());
        configJson.put("eventBridgeKeyEncoding", config.eventBridgeKeys().name());
        configJson.put("inventoryMaxObjects", config.inventoryMaxObjects());
        configJson.put("ingestBatchSize", batchSize);
        configJson.put("ingestBatchingWindowSeconds", batchWindow);
        json.put("config", configJson);

        say.line("setup", "table " + table + " created from template.yaml (CoalescerTable), usage topic created in moto,",
                "distribution " + distributionId + " created in moto (CreateDistribution) to play " + configuredId
                        + ", origin s3://" + route.bucket());
        say.line("config", "template.yaml defaults: flush " + config.quietPeriod().toSeconds() + " s after the last change, at most "
                        + config.maxDelay().toSeconds() + " s after the first, or at " + Narrator.count(config.maxPendingChanges()) + " pending;",
                Narrator.count(config.freePathsPerMonth()) + " free invalidation paths a month, then $" + config.costModel().pricePerPathUsd() + " a path;",
                config.inventoryMaxObjects() > 0
                        ? "the flush lists the bucket to count what a wildcard would evict (up to " + Narrator.count(config.inventoryMaxObjects()) + " objects)"
                        : "no bucket listing (INVENTORY_MAX_OBJECTS=0): the planner assumes what a wildcard would evict");

        DynamoDbClient dynamo = aws.clients().dynamoDb();
        CloudFrontClient cloudFront = CloudFrontClients.of(aws.clients());
        SnsClient sns = aws.clients().sns();
        try {
            RecordingStore store = new RecordingStore(new DynamoCoalescerStore(dynamo, table, config.shards(), config.dedupeWindow()));
            // ---- the deploy, as SQS batches
            SiteDeploy deploy = new SiteDeploy(route.bucket(), stage.options().files(), stage.options().seed(), DEPLOY_START,
                    UPLOADS_PER_SECOND, DUPLICATE_RATE, batchSize, Duration.ofSeconds(batchWindow));
            // The flusher lists the bucket (ListObjectsV2) to count what a wildcard would evict; here the listing is the
            // bucket as the sync leaves it, kept in memory instead of uploading every file to moto's S3.
            // Besides the rebuilt site the bucket holds a media library the deploy did not touch: wildcards over it would
            // evict those objects for nothing, which is what the listing lets the planner see.
            List<String> untouchedMedia = new ArrayList<>();
            for (int i = 0; i < UNTOUCHED_MEDIA; i++) {
                untouchedMedia.add(String.format(Locale.ROOT, "media/library/%02d/photo-%05d.jpg", i % 40, i));
            }
            List<String> bucketAfterSync = new ArrayList<>(deploy.files());
            bucketAfterSync.addAll(untouchedMedia);
            BucketListing listing = config.inventoryMaxObjects() <= 0 ? BucketListing.NONE
                    : (bucket, prefix, max) -> bucket.equals(route.bucket()) && bucketAfterSync.size() <= max
                            ? Optional.of(bucketAfterSync.stream().filter(k -> k.startsWith(prefix)).toList()) : Optional.empty();
            Coalescer coalescer = CoalescerWiring.wire(config, store, new CloudFrontInvalidationGateway(cloudFront),
                    topic == null ? UsageSignals.NONE : new SnsUsageSignals(sns, topic), listing, clock, Log.to(stage.logs()));
            CoalescerHandler handler = new CoalescerHandler(coalescer);
            int distinct = deploy.changedKeys().size();
            Map<String, Object> deployJson = new LinkedHashMap<>();
            deployJson.put("siteFiles", deploy.files().size());
            deployJson.put("uploaded", deploy.files().size());
            deployJson.put("deleted", deploy.deletedFiles().size());
            deployJson.put("untouchedObjects", untouchedMedia.size());
            deployJson.put("events", deploy.events());
            deployJson.put("duplicates", deploy.duplicates());
            deployJson.put("startedAt", DEPLOY_START.toString());
            deployJson.put("lastChangeAt", deploy.lastChangeAt().toString());
            say.line("deploy", "a generated static site of " + Narrator.count(deploy.files().size()) + " files rebuilt and synced to s3://"
                            + route.bucket() + " from " + TIME.format(DEPLOY_START) + " to " + TIME.format(deploy.lastChangeAt()) + ":",
                    Narrator.count(deploy.files().size()) + " objects uploaded, " + Narrator.count(deploy.deletedFiles().size())
                            + " stale hashed assets deleted → " + Narrator.count(deploy.events()) + " S3 events, "
                            + Narrator.count(deploy.duplicates()) + " of them delivered twice (at-least-once)",
                    "the bucket also holds " + Narrator.count(untouchedMedia.size()) + " media files the deploy did not touch",
                    "EventBridge → SQS → " + Narrator.plural(deploy.batches().size(), "Lambda invocation") + " of CoalescerHandler (batches of ≤"
                            + Narrator.count(batchSize) + " messages, " + batchWindow + " s window)");

            // ---- ingest through the real handler
            List<Map<String, Object>> batchesJson = new ArrayList<>();
            int failedMessages = 0;
            AwsCalls.Recording ingestCalls = AwsCalls.start(AwsCalls.Requests.NONE);
            try {
                progress.start("ingesting S3 events", deploy.events());
                int done = 0;
                for (SiteDeploy.Batch batch : deploy.batches()) {
                    clock.set(batch.invokedAt());
                    Map<String, Object> response = invoke(handler, batch.eventJson(), stage);
                    List<Object> failures = Json.list(response, "batchItemFailures");
                    int failed = failures == null ? 0 : failures.size();
                    failedMessages += failed;
                    done += batch.messages();
                    progress.update(done, "invocation " + batch.index() + "/" + deploy.batches().size());
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("invocation", batch.index());
                    b.put("at", batch.invokedAt().toString());
                    b.put("messages", batch.messages());
                    b.put("duplicates", batch.duplicates());
                    b.put("failedMessages", failed);
                    batchesJson.add(b);
                }
            } finally {
                ingestCalls.close();
                progress.done();
            }
            deployJson.put("batches", batchesJson);
            json.put("deploy", deployJson);

            DistributionState state = store.state(distributionId);
            List<OpenBatch> earlyBatches = store.batches();
            List<InvalidationRecord> earlyAccepted = store.accepted();
            Map<String, Object> ingestJson = new LinkedHashMap<>();
            ingestJson.put("changesReceived", deploy.events());
            ingestJson.put("distinctObjects", distinct);
            ingestJson.put("pending", state.pendingCount());
            ingestJson.put("failedMessages", failedMessages);
            ingestJson.put("flushesDuringIngest", earlyBatches.size());
            json.put("ingest", ingestJson);
            List<String> ingestLines = new ArrayList<>();
            ingestLines.add(Narrator.count(deploy.events()) + " changes received → " + Narrator.count(distinct) + " distinct objects; "
                    + Narrator.count(state.pendingCount()) + " pending in DynamoDB"
                    + (earlyBatches.isEmpty() ? " (no flush yet: below " + Narrator.count(config.maxPendingChanges()) + ")" : ""));
            if (failedMessages > 0) {
                ingestLines.add(Narrator.plural(failedMessages, "message") + " reported failed (batchItemFailures): they would be retried");
            }
            if (!earlyBatches.isEmpty()) {
                ingestLines.add(Narrator.plural(earlyBatches.size(), "flush") + " already ran inside the SQS handler ("
                        + String.join(", ", earlyBatches.stream().map(OpenBatch::trigger).distinct().toList()) + ": "
                        + Narrator.count(config.maxPendingChanges()) + " changes pending), see below");
            }
            say.line("ingest", ingestLines);

            // ---- time passes; the schedule flushes
            Instant lastChange = state.lastChangeAt() != null ? Instant.ofEpochMilli(state.lastChangeAt()) : clock.instant();
            Instant due = lastChange.plus(config.quietPeriod());
            Instant tick = due.truncatedTo(ChronoUnit.MINUTES).equals(due) ? due : due.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            Instant before = clock.instant();
            clock.advanceTo(tick);
            say.line("wait", "last change recorded at " + TIME.format(lastChange) + "; quiet period " + config.quietPeriod().toSeconds()
                    + " s; scheduled flush (" + stage.template().parameterDefault("FlushSchedule") + ") due at " + TIME.format(tick),
                    "clock moved " + TIME.format(before) + " → " + TIME.format(clock.instant()) + " (the CLI's clock, handed to the function)");
            List<FlushOutcome> outcomes;
            AwsCalls.Recording flushCalls = AwsCalls.start(AwsCalls.Requests.NONE);
            try {
                String invocationId = UUID.randomUUID().toString();
                outcomes = FunctionOutput.redirected(stage.logs(), () -> coalescer.flusher().flushAll(invocationId, false));
            } finally {
                flushCalls.close();
            }

            // ---- what happened
            List<Map<String, Object>> flushesJson = new ArrayList<>();
            for (OpenBatch batch : earlyBatches) {
                List<InvalidationRecord> records = earlyAccepted.stream().filter(r -> r.batchId().equals(batch.batchId())).toList();
                List<String> paths = batch.requests().stream().flatMap(List::stream).toList();
                long billable = records.stream().mapToLong(InvalidationRecord::billablePaths).sum();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("during", "ingest");
                f.put("trigger", batch.trigger());
                f.put("at", Instant.ofEpochMilli(batch.plannedAt()).toString());
                f.put("paths", paths.stream().map(p -> pathJson(p, null)).toList());
                f.put("requests", batch.requests().size());
                f.put("invalidationIds", records.stream().map(InvalidationRecord::invalidationId).toList());
                f.put("billablePaths", billable);
                f.put("estimatedCostUsd", usd(billable * config.costModel().pricePerPathUsd()));
                flushesJson.add(f);
                say.line("flush", batch.trigger() + " during ingest at " + TIME.format(Instant.ofEpochMilli(batch.plannedAt())) + ": "
                        + Narrator.plural(paths.size(), "invalidation path") + " in " + Narrator.plural(batch.requests().size(), "request")
                        + ", " + Narrator.count(billable) + " billable");
                showPaths(say, paths.stream().map(p -> new String[]{p, null}).toList());
            }
            for (FlushOutcome outcome : outcomes) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("during", "schedule");
                f.put("trigger", outcome.decision().name());
                f.put("at", clock.instant().toString());
                f.put("pendingKeys", outcome.pendingKeys());
                List<String[]> reasoned = reasons(outcome);
                f.put("paths", reasoned.stream().map(r -> pathJson(r[0], r[1])).toList());
                f.put("requests", outcome.requests());
                f.put("invalidationIds", outcome.invalidationIds());
                f.put("cleared", outcome.cleared());
                f.put("leftPending", outcome.leftPending());
                f.put("billablePaths", outcome.billablePaths());
                f.put("estimatedCostUsd", usd(outcome.estimatedCostUsd()));
                f.put("refusal", outcome.refusal());
                flushesJson.add(f);
                if (!outcome.decision().flushes() || outcome.batchId() == null) {
                    say.line("flush", "scheduled flush at " + TIME.format(clock.instant()) + ": " + outcome.decision().name()
                            + (outcome.decision().name().equals("IDLE") ? " (nothing left pending)" : ""));
                    continue;
                }
                say.line("flush", "scheduled flush at " + TIME.format(clock.instant()) + ", trigger " + outcome.decision().name() + ": "
                                + Narrator.count(outcome.pendingKeys()) + " pending objects → " + Narrator.plural(outcome.paths().size(), "invalidation path")
                                + " in " + Narrator.plural(outcome.requests(), "CreateInvalidation request"),
                        (outcome.refusal() != null ? "CloudFront refused (" + outcome.refusal() + "); changes stay pending"
                                : "accepted by CloudFront (moto): " + String.join(", ", outcome.invalidationIds())) + "; "
                                + Narrator.count(outcome.cleared()) + " cleared, " + Narrator.count(outcome.leftPending()) + " left pending");
                showPaths(say, reasoned);
            }
            json.put("flushes", flushesJson);

            // ---- totals, against one path per object
            List<InvalidationRecord> all = store.accepted();
            long totalPaths = all.stream().mapToLong(InvalidationRecord::paths).sum();
            long totalBillable = all.stream().mapToLong(InvalidationRecord::billablePaths).sum();
            double price = config.costModel().pricePerPathUsd();
            long free = config.freePathsPerMonth();
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("paths", totalPaths);
            totals.put("requests", all.size());
            totals.put("billablePaths", totalBillable);
            totals.put("estimatedCostUsd", usd(totalBillable * price));
            totals.put("freePathsLeft", Math.max(0, free - totalPaths));
            json.put("totals", totals);
            long naiveBillable = Math.max(0, distinct - free);
            Map<String, Object> naive = new LinkedHashMap<>();
            naive.put("paths", distinct);
            naive.put("billablePaths", naiveBillable);
            naive.put("estimatedCostUsd", usd(naiveBillable * price));
            naive.put("requestsIfOnePerEvent", deploy.events());
            naive.put("note", "one exact path per changed object (its key), $" + price + " a path beyond the " + free
                    + " free a month; leaves the directory URLs of index documents (/docs/, /docs) stale");
            json.put("onePathPerObject", naive);
            Set<String> urls = new TreeSet<>();
            deploy.changedKeys().forEach(key -> urls.addAll(route.urlPaths(key)));
            long urlBillable = Math.max(0, urls.size() - free);
            Map<String, Object> everyUrl = new LinkedHashMap<>();
            everyUrl.put("paths", urls.size());
            everyUrl.put("billablePaths", urlBillable);
            everyUrl.put("estimatedCostUsd", usd(urlBillable * price));
            json.put("everyUrlExactly", everyUrl);
            say.line("cost", Narrator.plural(totalPaths, "path") + " in " + Narrator.plural(all.size(), "request") + ", "
                    + Narrator.count(totalBillable) + " billable → " + Narrator.usd(totalBillable * price) + " for this deploy");
            say.line("versus", "one path per changed object: " + Narrator.plural(distinct, "path") + ", " + Narrator.count(naiveBillable)
                            + " billable → " + Narrator.usd(naiveBillable * price) + " (leaves /dir/ and /dir URLs stale"
                            + (deploy.events() > distinct ? "; " + Narrator.count(deploy.events()) + " requests if sent per event" : "") + ")",
                    "every changed URL exactly: " + Narrator.plural(urls.size(), "path") + ", " + Narrator.count(urlBillable) + " billable → "
                            + Narrator.usd(urlBillable * price));

            int listed = cloudFront.listInvalidations(b -> b.distributionId(distributionId)).invalidationList().quantity();
            json.put("cloudFront", Map.of("distributionId", distributionId, "invalidationsListed", listed));

            Map<String, Map<String, Integer>> byService = new LinkedHashMap<>();
            merge(byService, ingestCalls.countsByService());
            merge(byService, flushCalls.countsByService());
            int totalCalls = ingestCalls.calls().size() + flushCalls.calls().size();
            Map<String, Object> calls = new LinkedHashMap<>();
            calls.put("total", totalCalls);
            calls.put("byService", byService);
            json.put("awsCalls", calls);
            say.line("aws", Narrator.plural(totalCalls, "AWS call") + " by the function: " + describeCalls(byService),
                    "CloudFront (moto) now lists " + Narrator.plural(listed, "invalidation") + " for " + distributionId);
            if (!notes.isEmpty()) {
                json.put("notes", notes);
            }
            return json;
        } finally {
            dynamo.close();
            cloudFront.close();
            sns.close();
        }
    }

    private static Map<String, Object> invoke(CoalescerHandler handler, String eventJson, Stage stage) throws Exception {
        LocalContext context = new LocalContext("edge-autopilot-" + CoalescerFunction.LOGICAL_ID, 120, 1024, stage.logs());
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        FunctionOutput.redirected(stage.logs(), () -> {
            handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), response, context);
            return null;
        });
        return Json.parseObject(response.toString(StandardCharsets.UTF_8));
    }

    /** {@code [path, reason]} pairs from the outcome's {@code "path: reason"} lines (encoded paths hold no ": "). */
    private static List<String[]> reasons(FlushOutcome outcome) {
        Map<String, String> byPath = new LinkedHashMap<>();
        for (String line : outcome.reasons()) {
            int cut = line.indexOf(": ");
            if (cut > 0) {
                byPath.put(line.substring(0, cut), line.substring(cut + 2));
            }
        }
        List<String[]> result = new ArrayList<>();
        for (String path : outcome.paths()) {
            result.add(new String[]{path, byPath.get(path)});
        }
        // wildcards first: they carry the decisions worth reading
        result.sort((a, b) -> Boolean.compare(!a[0].endsWith("*"), !b[0].endsWith("*")));
        return result;
    }

    private static void showPaths(Narrator say, List<String[]> paths) {
        List<String> lines = new ArrayList<>();
        int width = Math.min(34, paths.stream().limit(MAX_PATHS_SHOWN).mapToInt(p -> p[0].length()).max().orElse(10));
        for (String[] p : paths.stream().limit(MAX_PATHS_SHOWN).toList()) {
            String path = p[0].length() > width ? p[0].substring(0, width - 1) + "…" : p[0];
            lines.add(String.format("%-" + width + "s  %s", path, p[1] == null ? "" : p[1]).stripTrailing());
        }
        if (paths.size() > MAX_PATHS_SHOWN) {
            long exact = paths.stream().skip(MAX_PATHS_SHOWN).filter(p -> !p[0].endsWith("*")).count();
            long wild = paths.size() - MAX_PATHS_SHOWN - exact;
            lines.add("… and " + Narrator.plural(paths.size() - MAX_PATHS_SHOWN, "more path") + " ("
                    + (wild > 0 ? Narrator.count(wild) + " wildcards, " : "") + Narrator.count(exact) + " exact; all in --json)");
        }
        if (!lines.isEmpty()) {
            say.line("paths", lines);
        }
    }

    private static Map<String, Object> pathJson(String path, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("path", path);
        p.put("wildcard", path.endsWith("*"));
        p.put("reason", reason);
        return p;
    }

    private static Map<String, Object> routeJson(OriginRoute route) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bucket", route.bucket());
        r.put("distributionId", route.distributionId());
        r.put("originPath", route.originPath());
        r.put("pathPrefix", route.pathPrefix());
        r.put("defaultRootObject", route.defaultRootObject());
        r.put("directoryIndex", route.directoryIndex());
        return r;
    }

    private static void merge(Map<String, Map<String, Integer>> into, Map<String, Map<String, Integer>> from) {
        from.forEach((service, ops) -> ops.forEach((op, n) ->
                into.computeIfAbsent(service, s -> new java.util.TreeMap<>()).merge(op, n, Integer::sum)));
    }

    private static String describeCalls(Map<String, Map<String, Integer>> byService) {
        List<String> parts = new ArrayList<>();
        byService.forEach((service, ops) -> {
            int total = ops.values().stream().mapToInt(Integer::intValue).sum();
            List<String> each = new ArrayList<>();
            ops.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> each.add(e.getKey() + " " + Narrator.count(e.getValue())));
            parts.add(displayName(service) + " " + Narrator.count(total) + " (" + String.join(", ", each) + ")");
        });
        return String.join("; ", parts);
    }

    /** The SDK's service ids as people write them. */
    static String displayName(String sdkServiceName) {
        return switch (sdkServiceName) {
            case "DynamoDb" -> "DynamoDB";
            case "Sns" -> "SNS";
            case "Sqs" -> "SQS";
            default -> sdkServiceName;
        };
    }

    private static int intParameter(Stage stage, String name, int fallback) {
        String value = stage.template().parameterDefault(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw CliException.failure("template.yaml parameter " + name + " default '" + value + "' is not a number");
        }
    }

    static BigDecimal usd(double dollars) {
        BigDecimal value = BigDecimal.valueOf(dollars).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
