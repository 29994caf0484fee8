package com.edgeautopilot.coalescer.plan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InventoryTest {

    @Test
    void countsPathsUnderAPrefix() {
        Inventory inventory = Inventory.ofPaths(List.of("/a/x", "/a/y", "/a/y", "/ab", "/b/z", "/a"));
        assertEquals(5, inventory.countUnder("/"));
        assertEquals(2, inventory.countUnder("/a/"));
        assertEquals(4, inventory.countUnder("/a"), "a prefix need not end at a '/'");
        assertEquals(1, inventory.countUnder("/a/x"));
        assertEquals(0, inventory.countUnder("/c"));
        assertEquals(0, Inventory.ofPaths(List.of()).countUnder("/"));
    }

    @Test
    void ofKeysMapsEveryKeyThroughTheRoute() {
        OriginRoute route = new OriginRoute("E2QWRUHAPOMQZL", "b", "/site", "", null, "index.html");
        Inventory inventory = Inventory.ofKeys(route, List.of("site/docs/index.html", "site/docs/a.png", "elsewhere/x"));
        assertEquals(4, inventory.countUnder("/")); // /docs/index.html, /docs/, /docs, /docs/a.png
        assertEquals(3, inventory.countUnder("/docs/"));
    }

    @Test
    void matchesABruteForceCount() {
        Random random = new Random(3);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            paths.add("/" + randomText(random));
        }
        Inventory inventory = Inventory.ofPaths(paths);
        List<String> distinct = paths.stream().distinct().toList();
        for (int i = 0; i < 500; i++) {
            String prefix = "/" + randomText(random).substring(0, random.nextInt(3));
            long expected = distinct.stream().filter(p -> p.startsWith(prefix)).count();
            assertEquals(expected, inventory.countUnder(prefix), prefix);
        }
    }

    @Test
    void nestedCountsMatchOneSearchPerPrefix() {
        Random random = new Random(11);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            paths.add("/" + randomText(random) + randomText(random));
        }
        Inventory inventory = Inventory.ofPaths(paths);
        for (int round = 0; round < 50; round++) {
            // a random forest of prefixes, parents first: most extend their parent, some do not (searched in full)
            int n = 1 + random.nextInt(60);
            String[] prefixes = new String[n];
            int[] parents = new int[n];
            for (int i = 0; i < n; i++) {
                parents[i] = i == 0 || random.nextInt(8) == 0 ? -1 : random.nextInt(i);
                String base = parents[i] < 0 ? "/" : prefixes[parents[i]];
                prefixes[i] = random.nextInt(10) == 0 ? "/" + randomText(random).substring(0, 1)
                        : base + randomText(random).substring(0, random.nextInt(3));
            }
            long[] nested = inventory.countUnderNested(prefixes, parents);
            for (int i = 0; i < n; i++) {
                assertEquals(inventory.countUnder(prefixes[i]), nested[i], "round " + round + ", prefix " + prefixes[i]);
            }
        }
    }

    private static String randomText(Random random) {
        String alphabet = "ab/\uFFFFé";
        StringBuilder sb = new StringBuilder();
        int n = 2 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
