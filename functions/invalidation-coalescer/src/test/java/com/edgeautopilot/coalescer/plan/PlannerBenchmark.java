package com.edgeautopilot.coalescer.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Planner benchmark: timing on 10k and 1M changed keys, and paths / dollars / collateral / requests on realistic
 * synthetic traces against the strategies public tools use. Run by {@code bench/run-planner}; prints markdown.
 *
 * <p>Arguments: {@code [--quick]} (a 100k run instead of 1M, fewer repetitions: for a smoke test).
 * System properties {@code bench.nproc}, {@code bench.cpu}, {@code bench.jdk} describe the machine when given.
 */
public final class PlannerBenchmark {

    private static final CostModel MODEL = CostModel.defaults();
    private static final int IN_FLIGHT_MINUTES = 10; // invalidations take minutes (AWS: typically 10–15)

    private PlannerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = Arrays.asList(args).contains("--quick");
        StringBuilder md = new StringBuilder();
        machine(md);
        timing(md, quick);
        scenarios(md);
        String text = md.toString();
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), text, StandardCharsets.UTF_8);
        }
        System.out.print(text);
    }

    // ---------------------------------------------------------------- machine

    private static void machine(StringBuilder md) {
        String cpu = System.getProperty("bench.cpu", "unknown");
        String nproc = System.getProperty("bench.nproc", String.valueOf(Runtime.getRuntime().availableProcessors()));
        String jdk = System.getProperty("bench.jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        md.append("## Machine\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(" |\n");
        md.append("| CPU | ").append(cpu).append(" |\n");
        md.append("| nproc | ").append(nproc).append(" |\n");
        md.append("| JDK | ").append(jdk).append(" |\n");
        md.append("| JVM options | ").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(a -> a.startsWith("-X")).toList())).append(" |\n\n");
    }

    // ---------------------------------------------------------------- timing

    private static void timing(StringBuilder md, boolean quick) {
        md.append("## Planner time\n\n");
        md.append("Changed keys sampled (seeded) from a synthetic site, mapped to URL paths (index aliases included), planned with "
                + "`Capacity.idle(0)` (paid, nothing in flight: the full search). Inventory: every URL path of the site. "
                + "Time of `plan(...)` only, median of the measured runs after warm-up runs.\n\n");
        md.append("| changed keys | URL paths | inventory | warm-up + runs | median ms | min ms | max ms | plan |\n");
        md.append("|---:|---:|---|---|---:|---:|---:|---|\n");
        SyntheticSite small = SyntheticSite.generate(1, 1.0);
        time(md, small, 10_000, 5, 15);
        SyntheticSite big = SyntheticSite.generate(2, quick ? 2.0 : 20.0);
        int bigKeys = quick ? 100_000 : 1_000_000;
        time(md, big, bigKeys, quick ? 1 : 2, quick ? 3 : 5);
        md.append('\n');
    }

    private static void time(StringBuilder md, SyntheticSite site, int keyCount, int warmups, int runs) {
        List<String> keys = new ArrayList<>(site.keys);
        if (keys.size() < keyCount) {
            throw new IllegalStateException("site too small: " + keys.size() + " keys for " + keyCount);
        }
        Collections.shuffle(keys, new Random(keyCount));
        Set<String> changed = new HashSet<>(SyntheticSite.urlPathSet(keys.subList(0, keyCount)));
        InvalidationPlanner planner = new InvalidationPlanner(MODEL);
        for (boolean withInventory : new boolean[]{false, true}) {
            Inventory inventory = withInventory ? Inventory.ofPaths(site.urlPaths()) : null;
            Plan plan = null;
            for (int i = 0; i < warmups; i++) {
                plan = planner.plan(changed, Capacity.idle(0), inventory);
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                System.gc();
                long start = System.nanoTime();
                plan = planner.plan(changed, Capacity.idle(0), inventory);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %s | %d + %d | %,.0f | %,.0f | %,.0f | %,d path%s, %d wildcard%s |%n",
                    keyCount, changed.size(), withInventory ? String.format(Locale.ROOT, "%,d paths", site.urlPaths().size()) : "none",
                    warmups, runs, nanos[runs / 2] / 1e6, nanos[0] / 1e6, nanos[runs - 1] / 1e6,
                    plan.pathCount(), plan.pathCount() == 1 ? "" : "s", plan.wildcardCount(), plan.wildcardCount() == 1 ? "" : "s"));
        }
    }

    // ---------------------------------------------------------------- scenarios

    /** One flush: the raw paths changed since the last one, at a minute of the trace, and what the site holds then. */
    private record Flush(int minute, Set<String> paths, Inventory inventory) {
    }

    /** A strategy's answer for one flush. */
    private record Answer(Set<String> exact, Set<String> wildcardPrefixes, int requests, Set<String> deferred) {
        int paths() {
            return exact.size() + wildcardPrefixes.size();
        }
    }

    private interface Strategy {
        String name();

        Answer answer(Set<String> changed, Capacity capacity, Inventory inventory);
    }

    private static void scenarios(StringBuilder md) {
        SyntheticSite site = SyntheticSite.generate(42, 1.0);
        List<String> siteKeysBefore = List.copyOf(site.keys);
        List<String> deployKeys = site.deployKeys();
        List<String> hotfixKeys = site.hotfixKeys(new Random(43));
        int mediaBefore = site.media.size();
        Inventory inventory = Inventory.ofPaths(site.urlPaths());
        long objects = site.urlPaths().size();
        List<List<String>> trickle = site.cmsTrickle(new Random(44), 60, 3.0); // adds the new objects to the site

        md.append("## Traces\n\n");
        md.append(String.format(Locale.ROOT, "Synthetic site (seed 42): %,d objects, %,d URL paths with the index aliases (`/dir/` and `/dir` for "
                + "every `dir/index.html`, `/` for `index.html`). The inventory given to the planner is every URL path of the site.%n%n",
                siteKeysBefore.size(), objects));
        List<Flush> deploy = List.of(new Flush(0, SyntheticSite.urlPathSet(deployKeys), inventory));
        List<Flush> hotfix = List.of(new Flush(0, SyntheticSite.urlPathSet(hotfixKeys), inventory));
        List<Flush> cms = new ArrayList<>();
        Set<String> existing = new LinkedHashSet<>(siteKeysBefore);
        int events = 0;
        for (int start = 0; start < trickle.size(); start += 5) {
            List<String> keys = new ArrayList<>();
            for (int m = start; m < start + 5; m++) {
                keys.addAll(trickle.get(m));
            }
            events += keys.size();
            existing.addAll(keys); // new posts and uploads exist once flushed
            cms.add(new Flush(start + 5, SyntheticSite.urlPathSet(keys), Inventory.ofKeys(SyntheticSite.ROUTE, existing)));
        }
        md.append(String.format(Locale.ROOT, "- **Static-site deploy**: a full rebuild uploads every page, asset, docs page, product page and image, "
                + "%,d keys (%,d URL paths); only the media library (%,d uploads) is unchanged. One flush.%n", deployKeys.size(),
                deploy.get(0).paths().size(), mediaBefore));
        md.append(String.format(Locale.ROOT, "- **Hotfix**: %d files across the site (a stylesheet, two scripts, home and 404 pages, the sitemap, "
                + "docs, product and blog pages, product images, media, localized pages), %d URL paths. One flush.%n", hotfixKeys.size(),
                hotfix.get(0).paths().size()));
        md.append(String.format(Locale.ROOT, "- **CMS trickle**: an hour of editing, about 3 changes a minute (Poisson): product edits, "
                + "new and edited blog posts (a new post also changes `/`, `/blog/`, the sitemap and the feed), media uploads, docs fixes; "
                + "%,d key changes flushed every 5 minutes, %d flushes. Invalidations stay in flight %d minutes and count against "
                + "capacity meanwhile; free paths left carry from flush to flush.%n%n", events, cms.size(), IN_FLIGHT_MINUTES));

        List<Strategy> strategies = List.of(planner("this planner, with inventory", true), planner("this planner, no inventory", false),
                onePathPerObject(), alwaysRoot(), depthCollapse(8));
        md.append("Columns: *paths* sent (wildcards among them), *billable* paths and *cost* at $0.005 a path beyond the free paths left, "
                + "*collateral*: unchanged objects evicted by wildcards (counted from the inventory for every strategy), *requests*: "
                + "`CreateInvalidation` calls, *limits*: whether every flush fits the in-progress limits (3,000 files, 15 wildcards "
                + "per distribution, minus what is still in flight).\n\n");
        table(md, "Static-site deploy", deploy, strategies);
        table(md, "Hotfix (40 files)", hotfix, strategies);
        table(md, "CMS trickle (1 hour, 12 flushes)", cms, strategies);
    }

    private static void table(StringBuilder md, String title, List<Flush> flushes, List<Strategy> strategies) {
        md.append("### ").append(title).append("\n\n");
        md.append("| strategy | free paths left | paths (wildcards) | billable | cost | collateral objects | requests | limits |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        List<String> notes = new ArrayList<>();
        for (Strategy strategy : strategies) {
            for (long free : new long[]{0, 1000}) {
                Totals t = simulate(strategy, flushes, free);
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,d (%,d) | %,d | $%,.2f | %,d | %,d | %s |%n", strategy.name(), free,
                        t.paths, t.wildcards, t.billable, t.billable * MODEL.pricePerPathUsd(), t.collateral, t.requests, t.limits()));
                if (strategy.name().startsWith("this planner") && flushes.size() == 1) {
                    notes.add(String.format(Locale.ROOT, "%s, %,d free: %s", strategy.name(), free, t.wildcardList()));
                }
            }
        }
        md.append('\n');
        if (!notes.isEmpty()) {
            md.append("Wildcards chosen by the planner:\n\n");
            for (String note : notes) {
                md.append("- ").append(note).append('\n');
            }
            md.append('\n');
        }
    }

    private static final class Totals {
        long paths;
        long wildcards;
        long billable;
        long collateral;
        long requests;
        int overLimit;
        long worstFiles;
        long deferred;
        final Set<String> wildcardPaths = new TreeSet<>();

        String limits() {
            String s = overLimit == 0 ? "yes" : String.format(Locale.ROOT, "**no**: %,d exact paths in one flush", worstFiles);
            return deferred == 0 ? s : s + String.format(Locale.ROOT, ", %,d deferred", deferred);
        }

        String wildcardList() {
            if (wildcardPaths.isEmpty()) {
                return "none";
            }
            List<String> list = new ArrayList<>(wildcardPaths);
            String shown = String.join("`, `", list.subList(0, Math.min(15, list.size())));
            return "`" + shown + "`" + (list.size() > 15 ? " …" : "");
        }
    }

    private static Totals simulate(Strategy strategy, List<Flush> flushes, long freeAtStart) {
        Totals t = new Totals();
        long free = freeAtStart;
        List<int[]> inFlight = new ArrayList<>(); // {minute, exact, wildcards}
        Set<String> carried = new LinkedHashSet<>();
        for (Flush flush : flushes) {
            inFlight.removeIf(f -> f[0] + IN_FLIGHT_MINUTES <= flush.minute());
            int filesInFlight = inFlight.stream().mapToInt(f -> f[1]).sum();
            int wildcardsInFlight = inFlight.stream().mapToInt(f -> f[2]).sum();
            Capacity capacity = Capacity.of(free, filesInFlight, wildcardsInFlight);
            Set<String> changed = new LinkedHashSet<>(carried);
            changed.addAll(flush.paths());
            Inventory inventory = flush.inventory();
            Answer answer = strategy.answer(changed, capacity, inventory);
            carried = answer.deferred();
            int paths = answer.paths();
            t.paths += paths;
            t.wildcards += answer.wildcardPrefixes().size();
            t.billable += CostModel.billable(paths, free);
            free = Math.max(0, free - paths);
            t.requests += answer.requests();
            SortedStrings changedSorted = SortedStrings.of(changed);
            for (String prefix : answer.wildcardPrefixes()) {
                t.collateral += Math.max(0, inventory.countUnder(prefix) - changedSorted.countWithPrefix(prefix));
                t.wildcardPaths.add(PathEncoding.wildcard(prefix));
            }
            if (answer.exact().size() > capacity.filesInProgressLeft() || answer.wildcardPrefixes().size() > capacity.wildcardsInProgressLeft()) {
                t.overLimit++;
                t.worstFiles = Math.max(t.worstFiles, answer.exact().size());
            }
            inFlight.add(new int[]{flush.minute(), answer.exact().size(), answer.wildcardPrefixes().size()});
        }
        t.deferred = carried.size();
        return t;
    }

    // ---------------------------------------------------------------- strategies

    private static Strategy planner(String name, boolean withInventory) {
        InvalidationPlanner planner = new InvalidationPlanner(MODEL);
        return new Strategy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Answer answer(Set<String> changed, Capacity capacity, Inventory inventory) {
                Plan plan = planner.plan(changed, capacity, withInventory ? inventory : null);
                Set<String> exact = new LinkedHashSet<>();
                Set<String> wildcards = new LinkedHashSet<>();
                for (PlannedPath p : plan.paths()) {
                    (p.wildcard() ? wildcards : exact).add(PathEncoding.decode(p.encodedPrefix()));
                }
                return new Answer(exact, wildcards, plan.requests().size(), new LinkedHashSet<>(plan.deferred()));
            }
        };
    }

    private static Strategy onePathPerObject() {
        return new Strategy() {
            @Override
            public String name() {
                return "one path per object";
            }

            @Override
            public Answer answer(Set<String> changed, Capacity capacity, Inventory inventory) {
                return new Answer(new LinkedHashSet<>(changed), Set.of(),
                        (int) Math.ceil(changed.size() / (double) MODEL.maxPathsPerRequest()), Set.of());
            }
        };
    }

    private static Strategy alwaysRoot() {
        return new Strategy() {
            @Override
            public String name() {
                return "always `/*`";
            }

            @Override
            public Answer answer(Set<String> changed, Capacity capacity, Inventory inventory) {
                return changed.isEmpty() ? new Answer(Set.of(), Set.of(), 0, Set.of()) : new Answer(Set.of(), Set.of("/"), 1, Set.of());
            }
        };
    }

    /** Collapse every path to its directory at the deepest level that gives at most {@code max} paths. */
    private static Strategy depthCollapse(int max) {
        return new Strategy() {
            @Override
            public String name() {
                return "depth collapse (≤ " + max + " paths)";
            }

            @Override
            public Answer answer(Set<String> changed, Capacity capacity, Inventory inventory) {
                if (changed.isEmpty()) {
                    return new Answer(Set.of(), Set.of(), 0, Set.of());
                }
                int maxDepth = changed.stream().mapToInt(PlannerBenchmark::directoryDepth).max().orElse(0);
                for (int level = maxDepth; level >= 0; level--) {
                    Set<String> exact = new TreeSet<>();
                    Set<String> wildcards = new TreeSet<>();
                    for (String p : changed) {
                        if (directoryDepth(p) >= level) {
                            wildcards.add(p.substring(0, nthSlash(p, level + 1) + 1));
                        } else {
                            exact.add(p);
                        }
                        if (exact.size() + wildcards.size() > max) {
                            break;
                        }
                    }
                    if (exact.size() + wildcards.size() <= max) {
                        return new Answer(exact, wildcards, 1, Set.of());
                    }
                }
                throw new IllegalStateException("level 0 is always one wildcard");
            }
        };
    }

    /** "/a/b/c.html" is in a directory of depth 2 ("/" is depth 0). */
    private static int directoryDepth(String path) {
        int slashes = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                slashes++;
            }
        }
        return slashes - 1;
    }

    private static int nthSlash(String path, int n) {
        int index = -1;
        for (int k = 0; k < n; k++) {
            index = path.indexOf('/', index + 1);
        }
        return index;
    }
}
