package com.edgeautopilot.cli.plan;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.plan.PathEncoding;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class PlanCommandTest {

    static final String DISTRIBUTION = "E2QWRUHAPOMQZL";
    static final String BUCKET = "example-site-bucket";

    @TempDir
    Path dir;

    static final List<String> TRICKY = List.of(
            "index.html",
            "docs/index.html",
            "release notes/summer sale.html",
            "downloads/c++ guide+tips.pdf",
            "menu/café-crème.html",
            "~staff/profile.html",
            "reports/Q3 (final).html",
            "promo/50% off.html",
            "weird/star*name.txt",
            "weird/question?.html",
            "日本語/ページ.html");

    private CliRun plan(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("plan", "--distribution", DISTRIBUTION, "--bucket", BUCKET));
        all.addAll(List.of(args));
        return CliRun.run(stdin, CliRun.env(Map.of()), all.toArray(String[]::new));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyDistribution(CliRun run) {
        List<Object> distributions = (List<Object>) run.json().get("distributions");
        assertEquals(1, distributions.size(), run::toString);
        return (Map<String, Object>) distributions.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> paths(Map<String, Object> distribution) {
        List<String> paths = new ArrayList<>();
        for (Object p : (List<Object>) distribution.get("paths")) {
            paths.add((String) ((Map<String, Object>) p).get("path"));
        }
        return paths;
    }

    /** CloudFront's matching, written out independently of the planner: exact, or a trailing-* prefix of the encoded path. */
    private static boolean covered(String rawPath, List<String> planned) {
        String encoded = PathEncoding.encode(rawPath);
        for (String p : planned) {
            if (p.endsWith("*") ? encoded.startsWith(p.substring(0, p.length() - 1)) : encoded.equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static void assertEveryKeyCovered(Set<String> keys, OriginRoute route, List<String> planned) {
        for (String key : keys) {
            List<String> urls = route.urlPaths(key);
            assertFalse(urls.isEmpty(), key);
            for (String url : urls) {
                assertTrue(covered(url, planned), "changed key " + key + " (URL " + url + ") is not covered by " + planned);
            }
        }
    }

    @Test
    void printsTheDocumentedShape() throws IOException {
        Path keys = write("keys.txt", String.join("\n", TRICKY) + "\n\n");
        CliRun run = plan("", keys.toString(), "--index-document", "index.html");
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> d = onlyDistribution(run);
        assertTrue(d.keySet().containsAll(List.of("distributionId", "paths", "requests", "billablePaths", "estimatedCostUsd",
                "collateralObjects", "changedKeys")), d.keySet().toString());
        assertEquals(DISTRIBUTION, d.get("distributionId"));
        assertEquals(TRICKY.size(), ((Number) d.get("changedKeys")).intValue());
        assertEquals(1, ((Number) d.get("requests")).intValue());
        assertEquals(0, ((Number) d.get("billablePaths")).intValue());
        assertEquals(0.0, ((Number) d.get("estimatedCostUsd")).doubleValue());
        assertTrue(d.containsKey("collateralObjects"));
        assertNull(d.get("collateralObjects"), "no inventory: collateral unknown");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) d.get("paths")).get(0);
        assertTrue(first.keySet().containsAll(List.of("path", "wildcard", "coveredChanges", "reason")), first.toString());
        List<String> planned = paths(d);
        assertTrue(planned.contains("/"), "index.html is served at / too: " + planned);
        assertTrue(planned.contains("/docs/") && planned.contains("/docs"), planned.toString());
        assertTrue(planned.contains("/downloads/c++%20guide+tips.pdf"), planned.toString());
        assertTrue(planned.contains("/weird/star%2Aname.txt"), "a * in a key is not a wildcard: " + planned);
        assertEveryKeyCovered(new LinkedHashSet<>(TRICKY), new OriginRoute(DISTRIBUTION, BUCKET, "", "", "index.html", "index.html"), planned);
    }

    @Test
    void coversEveryKeyOfABigDeployWithinCapacityAndPricesIt() {
        Set<String> keys = new LinkedHashSet<>(TRICKY);
        for (int section = 0; section < 12; section++) {
            for (int page = 0; page < 400; page++) {
                keys.add("section-" + section + "/page-" + page + "/index.html");
            }
        }
        CliRun run = plan(String.join("\n", keys), "-", "--index-document", "index.html", "--free-paths-left", "10");
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> d = onlyDistribution(run);
        List<String> planned = paths(d);
        assertEquals(keys.size(), ((Number) d.get("changedKeys")).intValue());
        assertTrue(planned.stream().anyMatch(p -> p.endsWith("*")), "14,000+ URL paths need wildcards: " + planned.size());
        assertTrue(planned.stream().filter(p -> !p.endsWith("*")).count() <= 3000, "file capacity");
        assertEveryKeyCovered(keys, new OriginRoute(DISTRIBUTION, BUCKET, "", "", "index.html", "index.html"), planned);
        long billable = ((Number) d.get("billablePaths")).longValue();
        assertEquals(Math.max(0, planned.size() - 10), billable);
        assertEquals(billable * 0.005, ((Number) d.get("estimatedCostUsd")).doubleValue(), 1e-9);
        assertTrue(((List<?>) d.get("deferredPaths")).isEmpty());
    }

    @Test
    void acceptsS3UrlsOriginPathAndAnInventory() throws IOException {
        Path keys = write("keys.txt", "s3://example-site-bucket/site/blog/a.html\nsite/blog/b.html\nother/c.html\n");
        Path inventory = write("inventory.txt", "site/blog/a.html\nsite/blog/b.html\nsite/blog/old.html\nsite/index.html\n");
        CliRun run = plan("", keys.toString(), "--origin-path", "/site", "--inventory", inventory.toString());
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> d = onlyDistribution(run);
        assertEquals(3, ((Number) d.get("changedKeys")).intValue());
        assertEquals(1, ((Number) d.get("unservedKeys")).intValue());
        assertTrue(run.err().contains("other/c.html"), "the key outside the origin path is listed: " + run.err());
        assertInstanceOf(Number.class, d.get("collateralObjects"), "with an inventory collateral is counted");
        assertEveryKeyCovered(Set.of("site/blog/a.html", "site/blog/b.html"), new OriginRoute(DISTRIBUTION, BUCKET, "/site", "", null, null), paths(d));
    }

    @Test
    void readsSampleEventsOfEveryShape() {
        Path events = RepoPaths.eventsDir();
        CliRun run = plan("", events.resolve("sqs/eventbridge-object-created.json").toString(),
                events.resolve("s3-notification/put-spaces.json").toString(),
                events.resolve("eventbridge/object-deleted-delete.json").toString(),
                events.resolve("sqs/s3-test-event.json").toString());
        assertEquals(0, run.exit(), run::toString);
        List<String> planned = paths(onlyDistribution(run));
        assertTrue(planned.contains("/downloads/c++%20guide+tips.pdf"), planned.toString());
        assertTrue(planned.contains("/release%20notes/summer%20sale.html"), "notification keys are form-decoded: " + planned);
        assertTrue(planned.contains("/%7Estaff/profile.html"), planned.toString());
        assertTrue(run.err().contains("ignored"), "the s3:TestEvent is reported as ignored: " + run.err());
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndFailTheCommand() throws IOException {
        Path keys = write("keys.txt", "index.html\ns3://another-bucket/a.html\ns3://\n{\"not\": json\nbad\u0001key\nok.html\n");
        CliRun run = plan("", keys.toString());
        assertEquals(1, run.exit(), run::toString);
        assertEquals("", run.out(), "no plan is printed when input was lost");
        assertTrue(run.err().contains(keys + ":2: bucket 'another-bucket'"), run.err());
        assertTrue(run.err().contains(keys + ":3: "), run.err());
        assertTrue(run.err().contains(keys + ":4: "), run.err());
        assertTrue(run.err().contains(keys + ":5: key holds control character"), run.err());
        assertFalse(run.err().contains(keys + ":1:") || run.err().contains(keys + ":6:"), run.err());
        assertTrue(run.err().contains("4 input lines could not be read"), run.err());
    }

    @Test
    void badRecordsInAnSqsBatchFailTheCommandNamingTheRecord() {
        CliRun run = plan("", RepoPaths.eventsDir().resolve("sqs/mixed-batch.json").toString());
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains("Records[3]"), run.err());
        assertTrue(run.err().contains("Records[5]"), run.err());
    }

    @Test
    void unreadableInputFailsClearly() throws IOException {
        CliRun missing = plan("", dir.resolve("nope.txt").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("cannot read") && missing.err().contains("no such file"), missing::toString);
        Path binary = dir.resolve("binary.bin");
        Files.write(binary, new byte[]{(byte) 0xC3, (byte) 0x28, 'a', '\n'});
        CliRun notText = plan("", binary.toString());
        assertEquals(1, notText.exit());
        assertTrue(notText.err().contains("not UTF-8"), notText::toString);
    }

    @Test
    void wrongOptionsAreUsageErrors() {
        CliRun noDistribution = CliRun.run("", CliRun.env(Map.of()), "plan", "--bucket", BUCKET);
        assertEquals(2, noDistribution.exit());
        assertTrue(noDistribution.err().contains("--distribution is required"), noDistribution::toString);
        CliRun badId = CliRun.run("", CliRun.env(Map.of()), "plan", "--distribution", "nope", "--bucket", BUCKET);
        assertEquals(2, badId.exit());
        CliRun badOrigin = plan("a.html", "--origin-path", "site*");
        assertEquals(2, badOrigin.exit(), badOrigin::toString);
        assertTrue(badOrigin.err().contains("--origin-path"), badOrigin::toString);
    }
}
