package com.edgeautopilot.coalescer.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random trees, capacities, inventories and cost models (seeded): the invariants must hold for all of them. */
class PlannerPropertyTest {

    private static final String[] SEGMENT_CHARACTERS = {
            "a", "b", "c", "d", "e", "0", "1", "-", "_", ".", "+", "(", ")", " ", "%", "~", "*", "?", "#", "é", "😀", "&", "="};

    @Test
    void coverageNonRedundancyAndLimitsHoldOnRandomTrees() {
        Random random = new Random(20250101L);
        int withWildcards = 0;
        int withRoot = 0;
        int withDeferred = 0;
        int withTooLong = 0;
        int withSeveralRequests = 0;
        int allExact = 0;
        for (int round = 0; round < 300; round++) {
            Case c = randomCase(random, round);
            Plan plan = new InvalidationPlanner(c.model).plan(c.changed, c.capacity, c.inventory);
            try {
                PlanChecks.assertValid(plan, c.changed, c.capacity, c.model);
            } catch (AssertionError e) {
                throw new AssertionError("round " + round + " (" + c.changed.size() + " paths, " + c.capacity + ", "
                        + (c.inventory == null ? "no inventory" : "inventory") + "): " + e.getMessage(), e);
            }
            // same input, same plan
            assertEquals(plan, new InvalidationPlanner(c.model).plan(new HashSet<>(c.changed), c.capacity, c.inventory), "round " + round);
            if (c.inventory != null) {
                assertNoWorseThanTrivialPlans(round, c, plan);
            }
            withWildcards += plan.wildcardCount() > 0 ? 1 : 0;
            withRoot += plan.covers("/") && plan.paths().stream().anyMatch(p -> p.path().equals("/*")) ? 1 : 0;
            withDeferred += plan.deferred().isEmpty() ? 0 : 1;
            withTooLong += c.changed.stream().anyMatch(p -> !PathEncoding.fits(p)) ? 1 : 0;
            withSeveralRequests += plan.requests().size() > 1 ? 1 : 0;
            allExact += plan.wildcardCount() == 0 && plan.deferred().isEmpty() ? 1 : 0;
        }
        // the random cases must reach every branch, or this test proves little
        String mix = "300 rounds, with wildcards " + withWildcards + ", /* " + withRoot + ", deferred " + withDeferred + ", too long " + withTooLong
                + ", several requests " + withSeveralRequests + ", all exact " + allExact;
        System.out.println("random plans: " + mix);
        assertTrue(withWildcards > 50 && withRoot > 5 && withDeferred > 10 && withTooLong > 10 && withSeveralRequests > 10 && allExact > 20, mix);
    }

    /** Objective (dollars + priced collateral, collateral counted from the inventory) is at most all-exact's and /*'s. */
    private static void assertNoWorseThanTrivialPlans(int round, Case c, Plan plan) {
        if (!plan.deferred().isEmpty()) {
            return;
        }
        SortedStrings changed = SortedStrings.of(c.changed);
        double collateral = 0;
        for (PlannedPath p : plan.paths()) {
            if (p.wildcard()) {
                String prefix = PathEncoding.decode(p.encodedPrefix());
                collateral += Math.max(0, c.inventory.countUnder(prefix) - changed.countWithPrefix(prefix));
            }
        }
        double objective = c.model.dollars(plan.pathCount(), c.capacity.freePathsLeft()) + collateral * c.model.collateralCostUsdPerObject();
        double root = c.model.dollars(1, c.capacity.freePathsLeft())
                + Math.max(0, c.inventory.countUnder("/") - changed.size()) * c.model.collateralCostUsdPerObject();
        if (c.capacity.wildcardsInProgressLeft() > 0) {
            assertTrue(objective <= root + 1e-6, "round " + round + ": " + objective + " > /* " + root);
        }
        boolean exactFits = c.changed.size() <= c.capacity.filesInProgressLeft() && c.changed.stream().allMatch(PathEncoding::fits);
        if (exactFits) {
            double exact = c.model.dollars(c.changed.size(), c.capacity.freePathsLeft());
            assertTrue(objective <= exact + 1e-6, "round " + round + ": " + objective + " > all exact " + exact);
        }
    }

    private record Case(Set<String> changed, Capacity capacity, Inventory inventory, CostModel model) {
    }

    private static Case randomCase(Random random, int round) {
        List<String> directories = new ArrayList<>();
        directories.add("/");
        int directoryCount = 1 + random.nextInt(round % 10 == 0 ? 400 : 60);
        for (int i = 0; i < directoryCount; i++) {
            String parent = directories.get(random.nextInt(directories.size()));
            directories.add(parent + (random.nextInt(50) == 0 ? "" : segment(random)) + "/"); // sometimes "//"
        }
        Set<String> all = new HashSet<>();
        int objects = 1 + random.nextInt(round % 7 == 0 ? 12_000 : 2_500);
        for (int i = 0; i < objects; i++) {
            String directory = directories.get(random.nextInt(directories.size()));
            int kind = random.nextInt(40);
            if (kind == 0) {
                all.add(directory); // a directory alias like /docs/
            } else if (kind == 1 && directory.length() > 1) {
                all.add(directory.substring(0, directory.length() - 1)); // /docs
            } else if (kind == 2 && round % 5 == 0) {
                all.add(directory + "L".repeat(3990 + random.nextInt(30)) + segment(random)); // too long to send
            } else {
                all.add(directory + segment(random) + (random.nextBoolean() ? ".html" : ""));
            }
        }
        List<String> shuffled = new ArrayList<>(all);
        java.util.Collections.shuffle(shuffled, random);
        double changedShare = random.nextDouble();
        Set<String> changed = new HashSet<>(shuffled.subList(0, Math.max(1, (int) (shuffled.size() * changedShare))));

        int files = switch (random.nextInt(4)) {
            case 0 -> 3000;
            case 1 -> random.nextInt(50);
            default -> random.nextInt(3001);
        };
        int wildcards = switch (random.nextInt(4)) {
            case 0 -> 15;
            case 1 -> 0;
            case 2 -> 1;
            default -> random.nextInt(16);
        };
        long free = random.nextBoolean() ? 0 : random.nextInt(2000);
        Capacity capacity = new Capacity(free, files, wildcards);
        Inventory inventory = random.nextBoolean() ? Inventory.ofPaths(all) : null;
        CostModel model = new CostModel(0.005, random.nextBoolean() ? 0.0001 : random.nextDouble() * 0.01,
                random.nextInt(3000), random.nextInt(3) == 0 ? 1 + random.nextInt(40) : 3000);
        return new Case(changed, capacity, inventory, model);
    }

    private static String segment(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(SEGMENT_CHARACTERS[random.nextInt(SEGMENT_CHARACTERS.length)]);
        }
        return sb.toString();
    }
}
