package com.edgeautopilot.coalescer.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the changed paths of one distribution into the invalidation paths to send: exact paths or directory
 * wildcards, chosen by an explicit cost model.
 *
 * <h2>Rules every plan follows</h2>
 * <ul>
 *   <li>Every changed path is covered by a planned path, except those returned in {@link Plan#deferred()}, which
 *       happens only when no wildcard capacity is left and file capacity cannot take them all.</li>
 *   <li>At most {@link Capacity#filesInProgressLeft()} exact paths and {@link Capacity#wildcardsInProgressLeft()}
 *       wildcards; requests of at most {@link CostModel#maxPathsPerRequest()} paths and
 *       {@value #MAX_WILDCARDS_PER_REQUEST} wildcards.</li>
 *   <li>Paths are encoded by {@link PathEncoding}, at most 4,000 characters; a path longer than that is covered by a
 *       wildcard over its longest prefix that fits (or a directory above it).</li>
 *   <li>No planned path covers another, no duplicates; output sorted, the same for the same input.</li>
 * </ul>
 *
 * <h2>Cost model</h2>
 * Minimise {@code price × max(0, paths − freePathsLeft) + collateralCost × collateral}, where a wildcard counts as
 * one path and its collateral is the unchanged objects it evicts (see {@link CostModel}), subject to the limits.
 * Candidate wildcards are the directory prefixes of the changed paths ({@code /dir/*} covers a whole subtree), the
 * stems of index aliases ({@code /dir*} covers {@code /dir}, {@code /dir/} and {@code /dir/index.html} in one path)
 * and, for too-long paths, their longest prefix that fits; they are organised in a tree with aggregated counts
 * ({@link PathTree}). The search is greedy, in two phases, each step a linear scan of the tree (so a plan costs
 * O(total path length + tree nodes × steps), steps ≤ a few times the wildcards left):
 * <ol>
 *   <li><b>Capacity.</b> While more exact paths remain than file capacity allows (or a too-long path is
 *       uncovered), add the wildcard that frees the most file capacity per unchanged object it evicts
 *       ({@code min(covered, still needed) / (collateral + 1)}); a new wildcard must take at least its share of what
 *       is still needed ({@code needed / wildcards left}) so the wildcards cannot run out; a wildcard over already
 *       chosen ones merges them. {@code /*} is used only when nothing else can make the plan fit.</li>
 *   <li><b>Cost.</b> Then, while a single change (add or merge a wildcard, or drop one back to exact paths) lowers
 *       the objective, apply one, within the wildcards left. This runs three times from the phase 1 result, each
 *       time taking changes in a different order: largest saving first; most saving per dollar of collateral first;
 *       largest saving without {@code /*}. The cheapest of the three results is kept (largest saving alone would
 *       take {@code /*} over a handful of collateral-free directory wildcards that are cheaper together). While free
 *       paths remain, exact paths cost nothing, so no wildcard is added unless it is also free of collateral.</li>
 * </ol>
 * When no wildcard capacity is left, exact paths are taken in sorted order up to the file capacity and the rest
 * is deferred.
 */
public final class InvalidationPlanner {

    /** A request can hold at most the 15 wildcards a distribution may have in progress. */
    public static final int MAX_WILDCARDS_PER_REQUEST = Capacity.MAX_WILDCARDS_IN_PROGRESS;

    private static final double EPSILON = 1e-9;

    private final CostModel model;

    public InvalidationPlanner(CostModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public CostModel model() {
        return model;
    }

    /**
     * Plans the invalidation of {@code changedRawPaths} on one distribution.
     *
     * @param changedRawPaths raw (decoded) URL paths, each starting with {@code /} (from {@link OriginRoute#urlPaths})
     * @param capacity        free paths and in-progress capacity left
     * @param inventoryOrNull the distribution's objects, to price collateral; {@code null} when unknown
     */
    public Plan plan(Set<String> changedRawPaths, Capacity capacity, Inventory inventoryOrNull) {
        Objects.requireNonNull(changedRawPaths, "changedRawPaths");
        Objects.requireNonNull(capacity, "capacity");
        if (changedRawPaths.isEmpty()) {
            return Plan.empty();
        }
        String[] paths = changedRawPaths.toArray(String[]::new);
        // no sorting of the whole input (it would dominate the time): the search breaks ties by prefix, and only the
        // output is sorted, so the plan does not depend on the set's iteration order
        PathTree tree = new PathTree(paths, changedRawPaths::contains); // checks that every path starts with '/'
        return new Search(tree, capacity, inventoryOrNull).run();
    }

    /** One planning run: the greedy state over a tree. */
    private final class Search {
        private final PathTree tree;
        private final Capacity capacity;
        private final Inventory inventory;
        private final int nodes;
        private final long[] collateral;     // unchanged objects the node's wildcard would evict (estimated without inventory)
        // sums over the chosen wildcards strictly below each node
        private final long[] coveredExactBelow;
        private final long[] coveredTooLongBelow;
        private final long[] collateralBelow;
        private final int[] chosenBelow;
        private final boolean[] chosen;
        private final List<Integer> chosenList = new ArrayList<>();
        private final Map<Integer, String> reasons = new HashMap<>();
        private long coveredExact;
        private long coveredTooLong;

        Search(PathTree tree, Capacity capacity, Inventory inventory) {
            this.tree = tree;
            this.capacity = capacity;
            this.inventory = inventory;
            this.nodes = tree.nodeCount;
            this.collateral = new long[nodes];
            if (inventory != null) {
                long[] objects = countUnderEachNode(tree, inventory);
                for (int v = 0; v < nodes; v++) {
                    collateral[v] = Math.max(0, objects[v] - tree.changedUnder(v));
                }
            } else {
                for (int v = 0; v < nodes; v++) {
                    collateral[v] = saturatingMultiply(model.assumedObjectsPerUnknownWildcard(), tree.size[v]);
                }
            }
            this.coveredExactBelow = new long[nodes];
            this.coveredTooLongBelow = new long[nodes];
            this.collateralBelow = new long[nodes];
            this.chosenBelow = new int[nodes];
            this.chosen = new boolean[nodes];
        }

        /**
         * Inventory objects under every node's prefix, asked in preorder so each search narrows to its parent's, and in
         * sorted order so each starts where the previous sibling's ended.
         */
        private static long[] countUnderEachNode(PathTree tree, Inventory inventory) {
            int n = tree.nodeCount;
            int[] order = tree.preorderByText();
            int[] position = new int[n];
            for (int k = 0; k < n; k++) {
                position[order[k]] = k;
            }
            String[] prefixes = new String[n];
            int[] parents = new int[n];
            for (int k = 0; k < n; k++) {
                int v = order[k];
                prefixes[k] = tree.prefix[v];
                parents[k] = v == 0 ? -1 : position[tree.parent[v]];
            }
            long[] inOrder = inventory.countUnderNested(prefixes, parents);
            long[] byNode = new long[n];
            for (int k = 0; k < n; k++) {
                byNode[order[k]] = inOrder[k];
            }
            return byNode;
        }

        Plan run() {
            int maxWildcards = capacity.wildcardsInProgressLeft();
            if (maxWildcards > 0) {
                fitCapacity(maxWildcards);
                // one greedy order can be myopic (/* is the largest single saving, yet narrower wildcards may be
                // cheaper together): lower the cost in each order from the same start, keep the cheapest result
                List<Integer> start = List.copyOf(chosenList);
                Map<Integer, String> startReasons = new HashMap<>(reasons);
                List<Integer> best = null;
                Map<Integer, String> bestReasons = null;
                double bestObjective = Double.POSITIVE_INFINITY;
                for (Order order : Order.values()) {
                    restore(start, startReasons);
                    lowerCost(maxWildcards, order);
                    double objective = objective();
                    if (objective < bestObjective - EPSILON) {
                        bestObjective = objective;
                        best = List.copyOf(chosenList);
                        bestReasons = new HashMap<>(reasons);
                    }
                }
                restore(best, bestReasons);
            }
            return assemble();
        }

        /** The cost model's objective for the current choice. */
        private double objective() {
            double total = model.pricePerPathUsd() * CostModel.billable(exactLeft() + chosenList.size(), capacity.freePathsLeft());
            for (int v : chosenList) {
                total += model.collateralCostUsdPerObject() * collateral[v];
            }
            return total;
        }

        private void restore(List<Integer> choice, Map<Integer, String> why) {
            for (int v : List.copyOf(chosenList)) {
                unchoose(v);
            }
            for (int v : choice) {
                choose(v, why.get(v));
            }
        }

        private long totalExact() {
            return tree.exactUnder[tree.root()];
        }

        private long totalTooLong() {
            return tree.tooLongUnder[tree.root()];
        }

        private long exactLeft() {
            return totalExact() - coveredExact;
        }

        // ---- phase 1: make the plan fit the file capacity and cover too-long paths ----

        private void fitCapacity(int maxWildcards) {
            long files = capacity.filesInProgressLeft();
            long initialExact = totalExact();
            String exceeded = capacityText(initialExact); // the same for every step (formatting it is not free)
            int maxSteps = 8 * maxWildcards + 64;
            for (int step = 0; ; step++) {
                long neededExact = exactLeft() - files;
                long uncoveredTooLong = totalTooLong() - coveredTooLong;
                if (neededExact <= 0 && uncoveredTooLong <= 0) {
                    return;
                }
                if (step >= maxSteps) {
                    chooseRoot("wildcard: last resort, capacity could not be met with narrower wildcards");
                    return;
                }
                int k = chosenList.size();
                int left = maxWildcards - k;
                int best = -1;
                double bestScore = -1;
                long bestCollateral = 0;
                for (int pos = 0; pos < nodes; ) {
                    int v = tree.order[pos];
                    if (chosen[v]) {
                        pos += tree.size[v];
                        continue;
                    }
                    pos++;
                    if (v == tree.root()) {
                        continue; // the last resort, never a candidate here
                    }
                    long gainExact = tree.exactUnder[v] - coveredExactBelow[v];
                    long gainTooLong = tree.tooLongUnder[v] - coveredTooLongBelow[v];
                    int dk = 1 - chosenBelow[v];
                    if (k + dk > maxWildcards) {
                        continue;
                    }
                    long progress = Math.min(gainExact, Math.max(0, neededExact)) + gainTooLong;
                    if (progress <= 0) {
                        continue;
                    }
                    if (dk == 1 && gainTooLong == 0 && gainExact < ceilDiv(neededExact, left)) {
                        continue; // too small to be worth one of the remaining wildcards
                    }
                    long extraCollateral = Math.max(0, collateral[v] - collateralBelow[v]);
                    double score = progress / (extraCollateral + 1.0);
                    if (best < 0 || score > bestScore || (score == bestScore && preferOnTie(v, extraCollateral, best, bestCollateral))) {
                        best = v;
                        bestScore = score;
                        bestCollateral = extraCollateral;
                    }
                }
                if (best < 0) {
                    chooseRoot("wildcard: last resort, " + exceeded);
                    return;
                }
                String why = tree.tooLongUnder[best] - coveredTooLongBelow[best] > 0 && neededExact <= 0
                        ? "wildcard: covers " + plural(tree.tooLongUnder[best], "path") + " longer than 4,000 characters once encoded; "
                        : "wildcard: " + exceeded + "; ";
                choose(best, why + coverageText(best));
            }
        }

        private String capacityText(long initialExact) {
            return String.format(Locale.ROOT, "file capacity %,d exceeded (%,d changed paths)", capacity.filesInProgressLeft(), initialExact);
        }

        // ---- phase 2: lower the objective while a single change does ----

        private void lowerCost(int maxWildcards, Order order) {
            long files = capacity.filesInProgressLeft();
            long free = capacity.freePathsLeft();
            double price = model.pricePerPathUsd();
            double perObject = model.collateralCostUsdPerObject();
            int maxSteps = 8 * maxWildcards + 64;
            for (int step = 0; step < maxSteps; step++) {
                int k = chosenList.size();
                long exact = exactLeft();
                long pathsNow = exact + k;
                long billableNow = CostModel.billable(pathsNow, free);
                int best = -1;
                boolean bestIsDrop = false;
                double bestDelta = 0;
                double bestKey = 0;
                long bestCollateral = 0;
                for (int pos = 0; pos < nodes; ) {
                    int v = tree.order[pos];
                    if (chosen[v]) {
                        pos += tree.size[v]; // covered by a chosen wildcard: skip its subtree
                        continue;
                    }
                    pos++;
                    if (v == tree.root() && order == Order.NO_ROOT) {
                        continue;
                    }
                    long gainExact = tree.exactUnder[v] - coveredExactBelow[v];
                    int dk = 1 - chosenBelow[v];
                    if (k + dk > maxWildcards || (gainExact == 0 && dk >= 0)) {
                        continue;
                    }
                    long extraCollateral = collateral[v] - collateralBelow[v];
                    double delta = price * (CostModel.billable(pathsNow - gainExact + dk, free) - billableNow)
                            + perObject * extraCollateral;
                    if (delta >= -EPSILON) {
                        continue;
                    }
                    double key = order.key(delta, perObject * Math.max(0, extraCollateral), price);
                    if (best < 0 || key > bestKey || (key == bestKey && !bestIsDrop && preferOnTie(v, extraCollateral, best, bestCollateral))) {
                        best = v;
                        bestIsDrop = false;
                        bestDelta = delta;
                        bestKey = key;
                        bestCollateral = extraCollateral;
                    }
                }
                for (int v : chosenList) { // dropping a wildcard back to exact paths
                    if (tree.tooLongUnder[v] > 0 || exact + tree.exactUnder[v] > files) {
                        continue;
                    }
                    double delta = price * (CostModel.billable(pathsNow + tree.exactUnder[v] - 1, free) - billableNow)
                            - perObject * collateral[v];
                    if (delta >= -EPSILON) {
                        continue;
                    }
                    double key = order.key(delta, 0, price);
                    if (best < 0 || key > bestKey || (key == bestKey && bestIsDrop && tree.prefix[v].compareTo(tree.prefix[best]) < 0)) {
                        best = v;
                        bestIsDrop = true;
                        bestDelta = delta;
                        bestKey = key;
                    }
                }
                if (best < 0) {
                    return;
                }
                if (bestIsDrop) {
                    unchoose(best);
                } else {
                    choose(best, "wildcard: " + coverageText(best) + String.format(Locale.ROOT, ", saves $%,.2f", -bestDelta));
                }
            }
        }

        /**
         * Between two equally good candidates: less collateral, then the smaller subtree (deeper), then the smaller
         * prefix, so the result does not depend on the order of the input.
         */
        private boolean preferOnTie(int v, long collateralV, int best, long collateralBest) {
            if (collateralV != collateralBest) {
                return collateralV < collateralBest;
            }
            if (tree.size[v] != tree.size[best]) {
                return tree.size[v] < tree.size[best];
            }
            return tree.prefix[v].compareTo(tree.prefix[best]) < 0;
        }

        // ---- state changes ----

        private void chooseRoot(String reason) {
            choose(tree.root(), reason + "; " + coverageText(tree.root()));
        }

        private void choose(int v, String reason) {
            for (int s : List.copyOf(chosenList)) {
                if (tree.isDescendant(s, v)) {
                    unchoose(s);
                }
            }
            chosen[v] = true;
            chosenList.add(v);
            reasons.put(v, reason);
            coveredExact += tree.exactUnder[v];
            coveredTooLong += tree.tooLongUnder[v];
            for (int a = tree.parent[v]; a >= 0; a = tree.parent[a]) {
                coveredExactBelow[a] += tree.exactUnder[v];
                coveredTooLongBelow[a] += tree.tooLongUnder[v];
                collateralBelow[a] += collateral[v];
                chosenBelow[a] += 1;
            }
        }

        private void unchoose(int v) {
            chosen[v] = false;
            chosenList.remove((Integer) v);
            reasons.remove(v);
            coveredExact -= tree.exactUnder[v];
            coveredTooLong -= tree.tooLongUnder[v];
            for (int a = tree.parent[v]; a >= 0; a = tree.parent[a]) {
                coveredExactBelow[a] -= tree.exactUnder[v];
                coveredTooLongBelow[a] -= tree.tooLongUnder[v];
                collateralBelow[a] -= collateral[v];
                chosenBelow[a] -= 1;
            }
        }

        private String coverageText(int v) {
            long changed = tree.changedUnder(v);
            if (inventory != null) {
                return String.format(Locale.ROOT, "%,d changed of %,d objects", changed, changed + collateral[v]);
            }
            return String.format(Locale.ROOT, "%,d changed, ~%,d unchanged assumed (no inventory)", changed, collateral[v]);
        }

        // ---- output ----

        private Plan assemble() {
            boolean[] covered = new boolean[nodes];
            for (int pos = 0; pos < nodes; pos++) {
                int v = tree.order[pos];
                covered[v] = chosen[v] || (v != tree.root() && covered[tree.parent[v]]);
            }
            List<PlannedPath> wildcards = new ArrayList<>();
            long collateralTotal = 0;
            for (int v : chosenList) {
                collateralTotal += collateral[v];
                wildcards.add(new PlannedPath(PathEncoding.wildcard(tree.prefix[v]), true,
                        (int) Math.min(Integer.MAX_VALUE, tree.changedUnder(v)),
                        inventory == null ? null : collateral[v], reasons.get(v)));
            }
            long files = capacity.filesInProgressLeft();
            List<String> exactRaw = new ArrayList<>();
            List<String> deferred = new ArrayList<>();
            for (int i = 0; i < tree.paths.length; i++) {
                if (covered[tree.attach[i]]) {
                    continue;
                }
                (tree.tooLong.get(i) ? deferred : exactRaw).add(tree.paths[i]); // too long and uncovered: no wildcard left
            }
            if (exactRaw.size() > files) { // only without wildcard capacity: send the first ones in sorted order
                String[] sorted = exactRaw.toArray(String[]::new);
                Arrays.parallelSort(sorted);
                exactRaw = Arrays.asList(sorted).subList(0, (int) files);
                deferred.addAll(Arrays.asList(sorted).subList((int) files, sorted.length));
            }
            long total = (long) exactRaw.size() + wildcards.size();
            long billable = CostModel.billable(total, capacity.freePathsLeft());
            String exactReason = billable == 0 ? "exact: within free tier"
                    : String.format(Locale.ROOT, "exact: no cheaper wildcard (%,d of %,d paths billable)", billable, total);
            List<PlannedPath> all = new ArrayList<>(exactRaw.size() + wildcards.size());
            for (String raw : exactRaw) {
                all.add(new PlannedPath(PathEncoding.encode(raw), false, 1, 0L, exactReason));
            }
            all.addAll(wildcards);
            all.sort(Comparator.comparing(PlannedPath::path));
            return new Plan(all, SortedStrings.ofArray(deferred.toArray(String[]::new)), billable,
                    billable * model.pricePerPathUsd(), inventory == null ? null : collateralTotal, requests(all));
        }

        /** Wildcards first, then exact paths, cut by request size and wildcards per request. */
        private List<List<String>> requests(List<PlannedPath> sorted) {
            int maxPaths = model.maxPathsPerRequest();
            int maxWildcards = Math.min(MAX_WILDCARDS_PER_REQUEST, maxPaths);
            List<List<String>> requests = new ArrayList<>();
            List<String> current = new ArrayList<>();
            int wildcardsInCurrent = 0;
            List<PlannedPath> ordered = new ArrayList<>(sorted.size());
            sorted.stream().filter(PlannedPath::wildcard).forEach(ordered::add);
            sorted.stream().filter(p -> !p.wildcard()).forEach(ordered::add);
            for (PlannedPath p : ordered) {
                if (current.size() == maxPaths || (p.wildcard() && wildcardsInCurrent == maxWildcards)) {
                    requests.add(current);
                    current = new ArrayList<>();
                    wildcardsInCurrent = 0;
                }
                current.add(p.path());
                if (p.wildcard()) {
                    wildcardsInCurrent++;
                }
            }
            if (!current.isEmpty()) {
                requests.add(current);
            }
            return requests;
        }
    }

    /** Orders in which phase 2 takes the improving changes. */
    private enum Order {
        /** The change that saves the most. */
        LARGEST_SAVING,
        /** The change that saves the most per dollar of collateral it adds (plus one path's price). */
        SAVING_PER_COLLATERAL,
        /** The largest saving, never {@code /*}. */
        NO_ROOT;

        double key(double delta, double collateralUsd, double price) {
            return this == SAVING_PER_COLLATERAL ? -delta / (collateralUsd + price + 1e-12) : -delta;
        }
    }

    private static long ceilDiv(long a, long b) {
        return b <= 0 ? Long.MAX_VALUE : -Math.floorDiv(-a, b);
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE / 4;
    }

    private static String plural(long n, String word) {
        return String.format(Locale.ROOT, "%,d %s%s", n, word, n == 1 ? "" : "s");
    }
}
