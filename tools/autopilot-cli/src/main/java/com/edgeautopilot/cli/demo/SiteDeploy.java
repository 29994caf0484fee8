package com.edgeautopilot.cli.demo;

import com.edgeautopilot.common.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A realistic deploy of a generated static site, as the coalescer receives it: every file of a rebuilt site uploaded
 * ({@code aws s3 sync}), the previous build's hashed assets deleted, each change an EventBridge S3 event ({@code Object
 * Created} / {@code Object Deleted}), some delivered twice (EventBridge and SQS deliver at least once), gathered into
 * SQS batches the way Lambda's SQS poller does (up to the batch size, or when the batching window closes), each batch
 * an SQS event exactly as Lambda passes it to the function. Deterministic for a seed.
 */
final class SiteDeploy {

    /** A change to one object. */
    record Change(String key, boolean deleted, Instant at, String sequencer) {
    }

    /** One Lambda invocation: the SQS event JSON and what is in it. */
    record Batch(int index, Instant invokedAt, String eventJson, int messages, int duplicates) {
    }

    static final String ACCOUNT = "123456789012";
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:" + ACCOUNT + ":edge-autopilot-s3-changes";

    private final String bucket;
    private final Random random;
    private final List<String> files;
    private final List<String> deletedFiles;
    private final List<Change> changes = new ArrayList<>();
    private final List<Batch> batches = new ArrayList<>();
    private int events;
    private int duplicates;

    /**
     * @param files           objects in the rebuilt site (all uploaded)
     * @param start           when the sync starts
     * @param uploadsPerSecond sync throughput
     * @param duplicateRate   share of events delivered twice
     * @param batchSize       Lambda's SQS batch size (template: IngestBatchSize)
     * @param batchWindow     Lambda's batching window (template: IngestBatchingWindowSeconds)
     */
    SiteDeploy(String bucket, int files, long seed, Instant start, double uploadsPerSecond, double duplicateRate, int batchSize,
               Duration batchWindow) {
        this.bucket = bucket;
        this.random = new Random(seed);
        this.files = generateSite(files, random);
        this.deletedFiles = previousBuildAssets(this.files, random);
        build(start, uploadsPerSecond, duplicateRate, batchSize, batchWindow);
    }

    List<String> files() {
        return files;
    }

    List<String> deletedFiles() {
        return deletedFiles;
    }

    List<Change> changes() {
        return changes;
    }

    List<Batch> batches() {
        return batches;
    }

    int events() {
        return events;
    }

    int duplicates() {
        return duplicates;
    }

    /** Distinct objects changed (uploads and deletions). */
    Set<String> changedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        changes.forEach(c -> keys.add(c.key()));
        return keys;
    }

    Instant lastChangeAt() {
        return changes.get(changes.size() - 1).at();
    }

    // ------------------------------------------------------------------ the site

    private static final String[] BLOG_WORDS = {"edge", "cache", "launch", "release", "notes", "performance", "global", "teams",
            "pricing", "summer", "roadmap", "security", "migration", "case", "study", "latency", "design", "mobile", "search",
            "checkout", "images", "fonts", "accessibility", "observability", "outage", "review", "api", "webhooks", "partners"};
    private static final String[] DOC_SECTIONS = {"getting-started", "guides", "reference", "api", "tutorials", "integrations",
            "troubleshooting", "faq"};
    private static final String[] CATEGORIES = {"shoes", "jackets", "bags", "hats", "watches", "sunglasses", "shirts", "trousers"};

    static List<String> generateSite(int count, Random random) {
        Set<String> site = new LinkedHashSet<>();
        for (String root : new String[]{"index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml", "favicon.ico",
                "about/index.html", "contact/index.html", "pricing/index.html", "careers/index.html", "legal/privacy/index.html",
                "legal/terms/index.html", "menu/café-crème.html", "downloads/release notes 2026.pdf", "press/press kit.zip"}) {
            site.add(root);
        }
        String hash = hash(random);
        for (String asset : new String[]{"assets/css/site." + hash + ".css", "assets/css/print." + hash(random) + ".css",
                "assets/js/app." + hash(random) + ".js", "assets/js/vendor." + hash(random) + ".js",
                "assets/js/search." + hash(random) + ".js", "assets/img/logo.svg", "assets/img/hero.webp", "assets/img/og-card.png",
                "assets/fonts/inter-regular.woff2", "assets/fonts/inter-bold.woff2", "assets/fonts/mono.woff2"}) {
            site.add(asset);
        }
        int year = 2019;
        int post = 0;
        int doc = 0;
        int product = 0;
        // interleave sections so any size gives a site of the same shape
        while (site.size() < count) {
            switch (site.size() % 10) {
                case 0, 1, 2, 3 -> { // blog: a third or so of the files
                    String slug = words(random, 3 + random.nextInt(3)) + "-" + (++post);
                    String dir = "blog/" + (year + post % 8) + "/" + slug + "/";
                    site.add(dir + "index.html");
                    if (post % 2 == 0) {
                        site.add(dir + "cover.jpg");
                    }
                    if (post % 5 == 0) {
                        site.add(dir + "figure-1.png");
                    }
                }
                case 4, 5, 6 -> { // docs
                    String section = DOC_SECTIONS[doc % DOC_SECTIONS.length];
                    site.add("docs/" + section + "/" + words(random, 2 + random.nextInt(2)) + "-" + (++doc) + "/index.html");
                    if (doc % 7 == 0) {
                        site.add("docs/" + section + "/diagrams/" + words(random, 2) + "-" + doc + ".svg");
                    }
                }
                default -> { // products
                    String category = CATEGORIES[product % CATEGORIES.length];
                    String dir = "products/" + category + "/" + words(random, 2) + "-" + (++product) + "/";
                    site.add(dir + "index.html");
                    site.add(dir + "photo-1.jpg");
                    if (product % 3 == 0) {
                        site.add(dir + "photo-2.jpg");
                    }
                }
            }
        }
        List<String> list = new ArrayList<>(site);
        return List.copyOf(list.subList(0, Math.min(count, list.size())));
    }

    /** The previous build's fingerprinted assets, replaced by this build's: deleted by {@code sync --delete}. */
    static List<String> previousBuildAssets(List<String> files, Random random) {
        List<String> old = new ArrayList<>();
        for (String file : files) {
            if (file.matches("assets/(css|js)/[a-z]+\\.[0-9a-f]{8}\\.(css|js)")) {
                String name = file.substring(0, file.indexOf('.', file.lastIndexOf('/'))) ;
                old.add(name + "." + hash(random) + file.substring(file.lastIndexOf('.')));
            }
        }
        return List.copyOf(old);
    }

    private static String words(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append('-');
            }
            s.append(BLOG_WORDS[random.nextInt(BLOG_WORDS.length)]);
        }
        return s.toString();
    }

    private static String hash(Random random) {
        return String.format(Locale.ROOT, "%08x", random.nextInt());
    }

    // ------------------------------------------------------------------ the events

    private void build(Instant start, double uploadsPerSecond, double duplicateRate, int batchSize, Duration batchWindow) {
        long sequence = 0x00621A3B4C000000L + random.nextInt(1 << 20);
        double t = 0;
        List<Object[]> deliveries = new ArrayList<>(); // {arrivalMillis, body, duplicate}
        List<String> order = new ArrayList<>(files);
        for (String key : order) {
            t += -Math.log(1 - random.nextDouble()) / uploadsPerSecond; // Poisson arrivals
            Instant at = start.plusMillis(Math.round(t * 1000));
            sequence += 1 + random.nextInt(4096);
            changes.add(new Change(key, false, at, String.format(Locale.ROOT, "%018X", sequence)));
        }
        for (String key : deletedFiles) { // sync --delete removes stale files at the end
            t += 0.02;
            Instant at = start.plusMillis(Math.round(t * 1000));
            sequence += 1 + random.nextInt(4096);
            changes.add(new Change(key, true, at, String.format(Locale.ROOT, "%018X", sequence)));
        }
        for (Change change : changes) {
            String body = eventBridgeEvent(change);
            long delivered = change.at().toEpochMilli() + 300 + random.nextInt(900); // S3 → EventBridge → SQS
            deliveries.add(new Object[]{delivered, body, false});
            if (random.nextDouble() < duplicateRate) {
                deliveries.add(new Object[]{delivered + 1_000 + random.nextInt(15_000), body, true});
            }
        }
        deliveries.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        events = deliveries.size();
        // Lambda's SQS poller: a batch closes when it is full or its window (from its first message) has passed
        List<Object[]> current = new ArrayList<>();
        long windowEnd = 0;
        for (Object[] delivery : deliveries) {
            long at = (Long) delivery[0];
            if (!current.isEmpty() && at > windowEnd) {
                closeBatch(current, windowEnd);
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                windowEnd = at + batchWindow.toMillis();
            }
            current.add(delivery);
            if (current.size() == batchSize) {
                closeBatch(current, at);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            closeBatch(current, windowEnd);
        }
    }

    private void closeBatch(List<Object[]> deliveries, long closedAt) {
        List<Map<String, Object>> records = new ArrayList<>();
        int dups = 0;
        for (Object[] delivery : deliveries) {
            String body = (String) delivery[1];
            long sent = (Long) delivery[0];
            if ((Boolean) delivery[2]) {
                dups++;
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("ApproximateReceiveCount", "1");
            attributes.put("SentTimestamp", Long.toString(sent));
            attributes.put("SenderId", "AIDAEXAMPLEEVENTSSQS1");
            attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(closedAt));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", uuid().toString());
            record.put("receiptHandle", receiptHandle());
            record.put("body", body);
            record.put("attributes", attributes);
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", md5(body));
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", QUEUE_ARN);
            record.put("awsRegion", "us-east-1");
            records.add(record);
        }
        duplicates += dups;
        batches.add(new Batch(batches.size() + 1, Instant.ofEpochMilli(closedAt + 200), Json.write(Map.of("Records", records)),
                records.size(), dups));
    }

    private String eventBridgeEvent(Change change) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", change.key());
        if (!change.deleted()) {
            object.put("size", 512 + random.nextInt(400_000));
            object.put("etag", HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong()));
        }
        object.put("sequencer", change.sequencer());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", "0");
        detail.put("bucket", Map.of("name", bucket));
        detail.put("object", object);
        detail.put("request-id", requestId());
        detail.put("requester", ACCOUNT);
        detail.put("source-ip-address", "203.0.113.25");
        detail.put("reason", change.deleted() ? "DeleteObject" : "PutObject");
        if (change.deleted()) {
            detail.put("deletion-type", "Permanently Deleted");
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", uuid().toString());
        event.put("detail-type", change.deleted() ? "Object Deleted" : "Object Created");
        event.put("source", "aws.s3");
        event.put("account", ACCOUNT);
        event.put("time", change.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", "us-east-1");
        event.put("resources", List.of("arn:aws:s3:::" + bucket));
        event.put("detail", detail);
        return Json.write(event);
    }

    private UUID uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private String requestId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private String receiptHandle() {
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        return "AQEB" + java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
