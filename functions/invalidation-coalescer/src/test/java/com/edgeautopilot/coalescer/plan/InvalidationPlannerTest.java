package com.edgeautopilot.coalescer.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvalidationPlannerTest {

    private static final CostModel MODEL = CostModel.defaults();
    private final InvalidationPlanner planner = new InvalidationPlanner(MODEL);

    private Plan plan(Set<String> changed, Capacity capacity, Inventory inventory) {
        Plan plan = planner.plan(changed, capacity, inventory);
        PlanChecks.assertValid(plan, changed, capacity, MODEL);
        return plan;
    }

    private static Set<String> files(String directory, int count) {
        return IntStream.range(0, count).mapToObj(i -> directory + "file-" + i + ".html").collect(Collectors.toCollection(TreeSet::new));
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    private static String summary(Plan plan) {
        return plan.paths().stream().map(p -> PathEncoding.abbreviate(p.path()) + " (" + p.reason() + ")").toList().toString();
    }

    private static List<String> wildcards(Plan plan) {
        return plan.paths().stream().filter(PlannedPath::wildcard).map(PlannedPath::path).toList();
    }

    @Test
    void nothingChangedGivesAnEmptyPlan() {
        Plan plan = plan(Set.of(), Capacity.idle(0), null);
        assertTrue(plan.paths().isEmpty());
        assertTrue(plan.requests().isEmpty());
        assertEquals(0, plan.billablePaths());
    }

    @Test
    void withinTheFreeTierEveryPathIsExact() {
        Set<String> changed = union(files("/assets/", 600), files("/docs/", 300));
        Plan plan = plan(changed, Capacity.idle(1000), null);
        assertEquals(900, plan.exactCount());
        assertEquals(0, plan.wildcardCount());
        assertEquals(0, plan.billablePaths());
        assertEquals(0.0, plan.estimatedCostUsd());
        assertEquals("exact: within free tier", plan.paths().get(0).reason());
        assertEquals(1, plan.requests().size());
    }

    @Test
    void freeTierStillCoversEverythingExactlyWithAnInventory() {
        Set<String> changed = files("/assets/", 500);
        Plan plan = plan(changed, Capacity.idle(500), Inventory.ofPaths(changed));
        assertEquals(500, plan.exactCount(), "exact paths cost nothing while free paths remain");
        assertEquals(0L, plan.collateralObjects());
    }

    @Test
    void paidAndABigDirectoryGivesAWildcard() {
        Set<String> changed = union(files("/assets/", 500), Set.of("/index.html", "/about.html"));
        Plan plan = plan(changed, Capacity.idle(0), null);
        assertEquals(List.of("/assets/*"), wildcards(plan));
        assertEquals(3, plan.pathCount());
        assertEquals(3, plan.billablePaths());
        assertEquals(0.015, plan.estimatedCostUsd(), 1e-12);
        assertNull(plan.collateralObjects(), "no inventory, collateral unknown");
        PlannedPath wildcard = plan.paths().stream().filter(PlannedPath::wildcard).findFirst().orElseThrow();
        assertEquals(500, wildcard.coveredChanges());
        assertNull(wildcard.collateralObjects());
        assertTrue(wildcard.reason().startsWith("wildcard: 500 changed"), wildcard.reason());
        assertTrue(wildcard.reason().matches(".*saves \\$2\\.(39|40)$"), wildcard.reason()); // 499 paths × $0.005 − 1,000 × $0.0001
    }

    @Test
    void partOfTheFreeTierLeftIsCountedBeforeChoosingWildcards() {
        Set<String> changed = files("/assets/", 500);
        assertEquals(0, plan(changed, Capacity.idle(500), null).wildcardCount(), "all free");
        Plan plan = plan(changed, Capacity.idle(490), null);
        // 10 billable paths save $0.05 at best, which does not pay for the 1,000 objects assumed evicted ($0.10)
        assertEquals(0, plan.wildcardCount());
        Plan paid = plan(changed, Capacity.idle(400), null);
        assertEquals(List.of("/assets/*"), wildcards(paid), "100 billable paths ($0.50) do");
        assertEquals(0, paid.billablePaths());
    }

    @Test
    void anInventoryShowingManyUnchangedObjectsMakesTheWildcardLose() {
        Set<String> changed = files("/media/", 100);
        Set<String> site = union(changed, files("/media/unchanged-", 100_000));
        Inventory inventory = Inventory.ofPaths(site);

        Plan withoutInventory = plan(changed, Capacity.idle(0), null);
        assertEquals(List.of("/media/*"), wildcards(withoutInventory), "1,000 assumed unchanged objects cost less than 99 paths");

        Plan withInventory = plan(changed, Capacity.idle(0), inventory);
        assertEquals(0, withInventory.wildcardCount(), "100,000 unchanged objects ($10) cost more than 99 paths ($0.495)");
        assertEquals(100, withInventory.exactCount());
        assertEquals(0L, withInventory.collateralObjects());
        assertTrue(withInventory.paths().get(0).reason().startsWith("exact: no cheaper wildcard"));
    }

    @Test
    void anInventoryShowingAFullyChangedDirectoryMakesTheWildcardWin() {
        Set<String> changed = union(files("/blog/2024/", 41), files("/blog/2025/", 3));
        Set<String> site = union(changed, files("/blog/2023/", 5000), files("/blog/2025/old-", 1000));
        Plan plan = plan(changed, Capacity.idle(0), Inventory.ofPaths(site));
        assertEquals(List.of("/blog/2024/*"), wildcards(plan), "not /blog/* (6,000 unchanged) and not /blog/2025/* (3 changed of 1,003)");
        assertEquals(4, plan.pathCount());
        assertEquals(0L, plan.collateralObjects());
        PlannedPath wildcard = plan.paths().stream().filter(PlannedPath::wildcard).findFirst().orElseThrow();
        assertTrue(wildcard.reason().startsWith("wildcard: 41 changed of 41 objects, saves $0.20"), wildcard.reason());
    }

    @Test
    void exceedingFileCapacityForcesWildcardsWithinTheLimits() {
        Set<String> changed = new TreeSet<>();
        for (int d = 0; d < 20; d++) {
            changed.addAll(files("/section-" + d + "/", 500));
        }
        // plenty of free paths: wildcards only because file capacity forces them, as few as needed
        Plan plan = plan(changed, new Capacity(1_000_000, 3000, 15), null);
        assertEquals(3000, plan.exactCount());
        assertEquals(14, plan.wildcardCount(), "14 × 500 + 3,000 = 10,000");
        assertFalse(wildcards(plan).contains("/*"));
        assertTrue(plan.deferred().isEmpty());
        PlannedPath wildcard = plan.paths().stream().filter(PlannedPath::wildcard).findFirst().orElseThrow();
        assertTrue(wildcard.reason().startsWith("wildcard: file capacity 3,000 exceeded (10,000 changed paths); 500 changed"), wildcard.reason());

        // paid, with an inventory showing a large unchanged archive: /* would evict it, the sections are cheaper
        Set<String> site = union(changed, files("/archive/", 200_000));
        Plan paid = plan(changed, Capacity.idle(0), Inventory.ofPaths(site));
        assertEquals(15, paid.wildcardCount());
        assertFalse(wildcards(paid).contains("/*"));
        assertEquals(0L, paid.collateralObjects());
    }

    @Test
    void whenAlmostEverythingChangedThePriceOfPathsMakesRootTheCheapest() {
        Set<String> changed = new TreeSet<>();
        for (int d = 0; d < 40; d++) {
            changed.addAll(files("/d" + d + "/", 100));
        }
        Set<String> site = union(changed, files("/", 20)); // 20 unchanged objects: $0.002 of collateral
        Plan plan = plan(changed, Capacity.idle(0), Inventory.ofPaths(site));
        assertEquals(List.of("/*"), wildcards(plan));
        assertEquals(1, plan.pathCount());
        assertEquals(20L, plan.collateralObjects());
        assertTrue(plan.paths().get(0).reason().startsWith("wildcard: 4,000 changed of 4,020 objects, saves $"), plan.paths().get(0).reason());
    }

    @Test
    void capacityInUseIsRespected() {
        Set<String> changed = new TreeSet<>();
        for (int d = 0; d < 10; d++) {
            changed.addAll(files("/d" + d + "/", 50));
        }
        Capacity capacity = Capacity.of(1000, 2_960, 13); // 40 files and 2 wildcards left
        Plan plan = plan(changed, capacity, null);
        assertTrue(plan.exactCount() <= 40);
        assertTrue(plan.wildcardCount() <= 2);
        assertTrue(plan.deferred().isEmpty());
    }

    @Test
    void noWildcardCapacityLeftDefersWhatFileCapacityCannotTake() {
        Set<String> changed = files("/a/", 250);
        Plan plan = plan(changed, new Capacity(1000, 100, 0), null);
        assertEquals(100, plan.exactCount());
        assertEquals(150, plan.deferred().size());
        assertEquals(0, plan.wildcardCount());
        assertEquals(new ArrayList<>(plan.deferred()), plan.deferred().stream().sorted().toList(), "deferred is sorted");
    }

    @Test
    void noCapacityAtAllDefersEverything() {
        Set<String> changed = files("/a/", 5);
        Plan plan = plan(changed, new Capacity(0, 0, 0), null);
        assertTrue(plan.paths().isEmpty());
        assertEquals(changed, plan.deferred());
        assertTrue(plan.requests().isEmpty());
    }

    @Test
    void aTooLongPathIsDeferredWhenNoWildcardIsLeft() {
        String tooLong = "/" + "x".repeat(4000);
        Set<String> changed = Set.of(tooLong, "/a.html");
        Plan plan = plan(changed, new Capacity(1000, 3000, 0), null);
        assertEquals(Set.of(tooLong), plan.deferred());
        assertTrue(plan.covers("/a.html"));
    }

    @Test
    void noFileCapacityButOneWildcardCoversTheDeepestCommonDirectory() {
        Set<String> changed = union(files("/docs/a/", 30), files("/docs/b/", 30));
        Plan plan = plan(changed, new Capacity(1000, 0, 1), null);
        assertEquals(List.of("/docs/*"), wildcards(plan));
        assertEquals(0, plan.exactCount());
    }

    @Test
    void rootWildcardIsTheLastResort() {
        Set<String> changed = files("/", 3500); // nothing but root-level files: only /* can help
        Plan plan = plan(changed, Capacity.idle(1000), null);
        assertEquals(List.of("/*"), wildcards(plan));
        assertEquals(1, plan.pathCount());
        assertTrue(plan.paths().get(0).reason().startsWith("wildcard: last resort"), plan.paths().get(0).reason());

        Set<String> fits = union(files("/", 2990), files("/big/", 600));
        Plan narrow = plan(fits, new Capacity(1_000_000, 3000, 15), null);
        assertEquals(List.of("/big/*"), wildcards(narrow));
    }

    @Test
    void indexAliasesAreCoveredWithoutRedundancy() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "site", "", "", "index.html", "index.html");
        Set<String> changed = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            changed.addAll(route.urlPaths("docs/page-" + i + "/index.html"));
        }
        changed.addAll(route.urlPaths("docs/index.html"));
        changed.addAll(route.urlPaths("index.html"));
        Set<String> site = new TreeSet<>(changed);
        for (int i = 0; i < 200; i++) {
            site.add("/docs/page-" + i + "/hero.jpg");
        }
        site.addAll(files("/blog/", 5000)); // unchanged: /* would evict them
        Plan plan = plan(changed, Capacity.idle(0), Inventory.ofPaths(site));
        assertEquals(List.of("/", "/docs*", "/index.html"), plan.paths().stream().map(PlannedPath::path).toList(),
                "/docs*, not /docs/*: it also covers /docs; /docs/ and /docs/index.html are under it");
        assertEquals(200L, plan.collateralObjects());
        assertEquals(603, plan.paths().get(1).coveredChanges());

        // without an inventory, 201 directories of unknown content are assumed to hold 1,000 unchanged objects each
        Plan unknown = plan(changed, Capacity.idle(0), null);
        assertEquals(0, unknown.wildcardCount());
    }

    @Test
    void aPageDirectoryAndItsAliasesShareOneWildcardThatDoesNotEndAtASlash() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "site", "", "", null, "index.html");
        Set<String> changed = new TreeSet<>();
        changed.addAll(route.urlPaths("docs/guide/index.html")); // /docs/guide/index.html, /docs/guide/, /docs/guide
        changed.addAll(route.urlPaths("docs/guide/diagram.svg"));
        Set<String> site = new TreeSet<>(changed);
        site.addAll(route.urlPaths("docs/guide-old/index.html")); // a sibling the stem wildcard would also evict
        site.addAll(files("/docs/", 500));

        Plan plan = plan(changed, Capacity.idle(0), Inventory.ofPaths(site));
        assertEquals(List.of("/docs/guide*"), plan.paths().stream().map(PlannedPath::path).toList(),
                "/docs/guide/* would leave /docs/guide to send exactly");
        assertEquals(4, plan.paths().get(0).coveredChanges());
        assertEquals(3L, plan.collateralObjects(), "the sibling's three paths");

        Plan free = plan(changed, Capacity.idle(1000), Inventory.ofPaths(site));
        assertEquals(4, free.exactCount(), "within the free tier exact paths cost nothing and evict nothing else");
    }

    @Test
    void aStemAndItsSiblingsNeverOverlap() {
        Set<String> changed = new TreeSet<>(Set.of("/a/p", "/a/p/", "/a/p/index.html", "/a/p-2/index.html", "/a/p.html", "/a/q"));
        for (Capacity capacity : List.of(Capacity.idle(0), new Capacity(0, 0, 1), new Capacity(0, 1, 2), new Capacity(0, 2, 15))) {
            Plan plan = plan(changed, capacity, Inventory.ofPaths(changed));
            assertTrue(plan.deferred().isEmpty());
        }
        assertEquals(List.of("/a/*"), wildcards(plan(changed, new Capacity(0, 0, 1), null)));
    }

    @Test
    void emptySegmentsAreDirectoriesLikeAnyOther() {
        Set<String> changed = new TreeSet<>(files("//", 300));
        changed.addAll(Set.of("/", "//", "/a//b", "/a/"));
        Plan plan = plan(changed, Capacity.idle(0), null);
        assertEquals(List.of("/", "//*", "/a/", "/a//b"), plan.paths().stream().map(PlannedPath::path).toList());
        assertTrue(plan.covers("//file-1.html"));
    }

    @Test
    void encodedPathsAndCoverage() {
        Set<String> changed = Set.of("/a b.html", "/100%.html", "/~user/x", "/café/naïve.html", "/star*.txt", "/q?.html");
        Plan plan = plan(changed, Capacity.idle(1000), null);
        assertEquals(List.of("/%7Euser/x", "/100%25.html", "/a%20b.html", "/caf%C3%A9/na%C3%AFve.html", "/q%3F.html", "/star%2A.txt"),
                plan.paths().stream().map(PlannedPath::path).toList());
        changed.forEach(p -> assertTrue(plan.covers(p), p));
        assertFalse(plan.covers("/star.txt"), "the literal * of a key is not a wildcard");
        assertFalse(plan.covers("/a%20b.html"), "covers takes raw paths");
        assertFalse(plan.covers("relative"));
    }

    @Test
    void aKeysLiteralStarInAWildcardDirectoryStaysLiteral() {
        Set<String> changed = files("/odd*dir/", 300);
        Plan plan = plan(changed, Capacity.idle(0), null);
        assertEquals(List.of("/odd%2Adir/*"), wildcards(plan));
        assertFalse(plan.covers("/oddXdir/file-1.html"));
        assertTrue(plan.covers("/odd*dir/file-1.html"));
    }

    @Test
    void requestsAreSplitByRequestSize() {
        CostModel small = new CostModel(0.005, 0.0001, 1000, 100);
        Set<String> changed = files("/", 250);
        Plan plan = new InvalidationPlanner(small).plan(changed, Capacity.idle(1000), null);
        PlanChecks.assertValid(plan, changed, Capacity.idle(1000), small);
        assertEquals(List.of(100, 100, 50), plan.requests().stream().map(List::size).toList());
    }

    @Test
    void fullCapacityPlanIsTwoRequestsAtMost() {
        Set<String> changed = new TreeSet<>();
        for (int d = 0; d < 40; d++) {
            changed.addAll(files("/d" + d + "/", 200));
        }
        Plan plan = plan(changed, Capacity.idle(0), null);
        assertTrue(plan.requests().size() <= 2);
        assertTrue(plan.requests().get(0).stream().filter(p -> p.endsWith("*")).count() == plan.wildcardCount(), "wildcards go first");
    }

    @Test
    void outputIsDeterministicWhateverTheSetOrder() {
        List<String> list = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            list.addAll(files("/s" + (d % 7) + "/d" + d + "/", 40 + d * 7));
        }
        Set<String> forward = new LinkedHashSet<>(list);
        Collections.reverse(list);
        Set<String> backward = new LinkedHashSet<>(list);
        Set<String> hashed = new HashSet<>(list);
        for (Capacity capacity : List.of(Capacity.idle(0), Capacity.idle(1000), new Capacity(0, 500, 3))) {
            Plan a = plan(forward, capacity, null);
            Plan b = plan(backward, capacity, null);
            Plan c = plan(hashed, capacity, null);
            assertEquals(a, b);
            assertEquals(a, c);
        }
    }

    @Test
    void longPathsSharingAPrefixShareOneWildcard() {
        String base = "/deep/" + "n".repeat(3995); // 4,001 characters: both paths are cut at the same 3,999
        Set<String> changed = Set.of(base + "-one", base + "-two", "/deep/short.html");
        Plan plan = plan(changed, Capacity.idle(1000), null);
        assertEquals(1, plan.wildcardCount(), summary(plan));
        assertEquals(2, plan.pathCount(), summary(plan));
        assertEquals(2, plan.paths().stream().filter(PlannedPath::wildcard).findFirst().orElseThrow().coveredChanges());
    }

    @Test
    void aShortPathUnderATooLongPathsWildcardIsNotSentTwice() {
        String stem = "/d/" + "m".repeat(3995); // the too-long path's wildcard prefix is "/d/mmm…m" (3,999 characters)
        String tooLong = stem + "mm-and-more";
        String sendable = stem + "m"; // 3,999 characters: fits exactly, but starts with that prefix
        Set<String> changed = Set.of(tooLong, sendable);
        Plan plan = plan(changed, Capacity.idle(1000), null);
        assertEquals(1, plan.pathCount(), summary(plan));
        assertTrue(plan.paths().get(0).wildcard());
    }

    @Test
    void aDirectoryUnderATooLongPathsWildcardIsNotChosenSeparately() {
        // "/k…k é…é" is cut after 166 'é' (3,997 characters encoded); a directory named exactly that fits (3,998)
        String stem = "/" + "k".repeat(3000) + "é".repeat(166);
        String tooLong = stem + "é".repeat(40);
        Set<String> changed = new TreeSet<>(Set.of(stem + "/a", stem + "/b", tooLong));
        assertTrue(changed.stream().filter(p -> !p.equals(tooLong)).allMatch(PathEncoding::fits));
        // that directory starts with the too-long path's wildcard prefix: one wildcard covers all three
        Plan plan = plan(changed, Capacity.idle(0), null);
        assertEquals(1, plan.pathCount(), summary(plan));
        assertEquals(3, plan.paths().get(0).coveredChanges());
    }

    @Test
    void rejectsRelativePaths() {
        assertThrows(IllegalArgumentException.class, () -> planner.plan(Set.of("a.html"), Capacity.idle(0), null));
    }

    @Test
    void capacityClampsNegativeValues() {
        Capacity capacity = Capacity.of(-5, 3100, 20);
        assertEquals(new Capacity(0, 0, 0), capacity);
    }
}
