package com.edgeautopilot.coalescer.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The changed paths arranged by the wildcards that could cover them, with aggregated counts.
 *
 * <p>A node is a raw prefix whose wildcard ({@code encode(prefix) + "*"}) is at most 4,000 characters:
 * <ul>
 *   <li>every directory prefix ({@code "/"}, {@code "/docs/"}, {@code "/docs/v2/"}, ...) of a changed path;</li>
 *   <li>for a path too long to send as it is, an <em>anchor</em>: its longest prefix whose wildcard fits (it need
 *       not end at a {@code /}).</li>
 * </ul>
 * A node's parent is the longest other node that is a prefix of it, so a node's subtree is exactly what its
 * wildcard covers, and two nodes' wildcards overlap only if one is an ancestor of the other. Each changed path
 * hangs from the longest node that is a prefix of it. Building is linear in the total length of the paths (one
 * hash lookup per directory change in sorted order).
 */
final class PathTree {

    static final int MAX_WILDCARD_PREFIX = PathEncoding.MAX_PATH_LENGTH - 1;
    /** A raw path this short encodes to at most 9 characters per char (3 bytes of %XX), so it always fits. */
    private static final int ALWAYS_FITS = PathEncoding.MAX_PATH_LENGTH / 9;

    final String[] paths;          // sorted, unique raw changed paths
    final int[] attach;            // node each path hangs from
    final BitSet tooLong;          // paths that cannot be sent exactly (encoded length > 4,000)

    // nodes (arrays grow while building)
    int nodeCount;
    String[] prefix = new String[64];
    int[] parent = new int[64];
    int[] encodedLength = new int[64];
    boolean[] anchor = new boolean[64];

    // after finish(): preorder layout and subtree aggregates
    int[] order;      // node ids in preorder (parents before children, a subtree is contiguous)
    int[] position;   // node id -> index in order
    int[] size;       // nodes in the subtree (itself included)
    long[] exactUnder;   // changed paths under the node that could be sent exactly
    long[] tooLongUnder; // changed paths under the node that need a wildcard

    private final Map<String, Integer> directories = new HashMap<>();

    PathTree(String[] sortedUniquePaths) {
        this.paths = sortedUniquePaths;
        this.attach = new int[paths.length];
        this.tooLong = new BitSet(paths.length);
        addNode("/", -1, 1, false);
        directories.put("/", 0);

        String lastDirectory = null;
        int lastNode = 0;
        for (int i = 0; i < paths.length; i++) {
            String p = paths[i];
            int slash = p.lastIndexOf('/');
            int node;
            if (lastDirectory != null && slash == lastDirectory.length() - 1 && p.startsWith(lastDirectory)) {
                node = lastNode;
            } else {
                node = deepestFittingDirectory(p, slash);
                lastDirectory = p.substring(0, slash + 1);
                lastNode = node;
            }
            attach[i] = node;
            if (p.length() > ALWAYS_FITS && PathEncoding.encodedLength(p) > PathEncoding.MAX_PATH_LENGTH) {
                tooLong.set(i);
            }
        }
        if (!tooLong.isEmpty()) {
            addAnchors();
        }
        finish();
    }

    int root() {
        return 0;
    }

    boolean isDescendant(int node, int ancestor) {
        int p = position[node];
        int a = position[ancestor];
        return p > a && p < a + size[ancestor];
    }

    long changedUnder(int node) {
        return exactUnder[node] + tooLongUnder[node];
    }

    private int addNode(String prefixText, int parentNode, int encoded, boolean isAnchor) {
        if (nodeCount == prefix.length) {
            int n = nodeCount * 2;
            prefix = Arrays.copyOf(prefix, n);
            parent = Arrays.copyOf(parent, n);
            encodedLength = Arrays.copyOf(encodedLength, n);
            anchor = Arrays.copyOf(anchor, n);
        }
        prefix[nodeCount] = prefixText;
        parent[nodeCount] = parentNode;
        encodedLength[nodeCount] = encoded;
        anchor[nodeCount] = isAnchor;
        return nodeCount++;
    }

    /** The node of the longest directory prefix of {@code p} (ending at {@code slash}) whose wildcard fits. */
    private int deepestFittingDirectory(String p, int slash) {
        int s = slash;
        int node = directory(p, s);
        while (node < 0) {
            s = p.lastIndexOf('/', s - 1);
            node = directory(p, s);
        }
        return node;
    }

    /** Node for the directory {@code p[0..slash]}, created with its ancestors if new; -1 when its wildcard is too long. */
    private int directory(String p, int slash) {
        if (slash == 0) {
            return 0;
        }
        // walk up to the deepest directory already known, then create the missing ones top-down
        int[] missing = new int[4];
        int missingCount = 0;
        int s = slash;
        Integer known;
        while (true) {
            if (s == 0) {
                known = 0;
                break;
            }
            known = directories.get(p.substring(0, s + 1));
            if (known != null) {
                break;
            }
            if (missingCount == missing.length) {
                missing = Arrays.copyOf(missing, missingCount * 2);
            }
            missing[missingCount++] = s;
            s = p.lastIndexOf('/', s - 1);
        }
        int current = known;
        int currentSlash = s;
        for (int k = missingCount - 1; k >= 0; k--) {
            int here = missing[k];
            String text = p.substring(0, here + 1);
            int created = -1;
            if (current >= 0) {
                int length = encodedLength[current] + PathEncoding.encodedLength(p, currentSlash + 1, here + 1);
                if (length <= MAX_WILDCARD_PREFIX) {
                    created = addNode(text, current, length, false);
                }
            }
            directories.put(text, created);
            current = created;
            currentSlash = here;
        }
        return current;
    }

    /**
     * Gives every too-long path an anchor node (its longest prefix whose wildcard fits) and re-hangs whatever
     * starts with an anchor (other anchors, directories, paths) below it, so subtrees stay equal to coverage.
     */
    private void addAnchors() {
        Map<Integer, TreeMap<String, Integer>> anchorsByBase = new HashMap<>();
        Map<String, Integer> anchors = new HashMap<>();
        for (int i = tooLong.nextSetBit(0); i >= 0; i = tooLong.nextSetBit(i + 1)) {
            String p = paths[i];
            int base = attach[i];
            int end = longestFittingPrefix(p);
            if (end <= prefix[base].length()) {
                continue; // the directory itself is the longest prefix that fits
            }
            String text = p.substring(0, end);
            Integer node = anchors.get(text);
            if (node == null) {
                node = addNode(text, base, PathEncoding.encodedLength(text), true);
                anchors.put(text, node);
                anchorsByBase.computeIfAbsent(base, b -> new TreeMap<>()).put(text, node);
            }
            attach[i] = node;
        }
        if (anchorsByBase.isEmpty()) {
            return;
        }
        // anchors under anchors: in sorted order a prefix comes right before its extensions
        for (TreeMap<String, Integer> group : anchorsByBase.values()) {
            List<Integer> stack = new ArrayList<>();
            for (Map.Entry<String, Integer> e : group.entrySet()) {
                while (!stack.isEmpty() && !e.getKey().startsWith(prefix[stack.get(stack.size() - 1)])) {
                    stack.remove(stack.size() - 1);
                }
                if (!stack.isEmpty()) {
                    parent[e.getValue()] = stack.get(stack.size() - 1);
                }
                stack.add(e.getValue());
            }
        }
        // directories hanging from a base whose name starts with one of its anchors
        for (int node = 1; node < nodeCount; node++) {
            if (!anchor[node]) {
                TreeMap<String, Integer> group = anchorsByBase.get(parent[node]);
                if (group != null) {
                    int a = longestAnchorPrefix(group, prefix[node]);
                    if (a >= 0) {
                        parent[node] = a;
                    }
                }
            }
        }
        // sendable paths in a base that start with one of its anchors
        for (int i = 0; i < paths.length; i++) {
            if (!tooLong.get(i)) {
                TreeMap<String, Integer> group = anchorsByBase.get(attach[i]);
                if (group != null) {
                    int a = longestAnchorPrefix(group, paths[i]);
                    if (a >= 0) {
                        attach[i] = a;
                    }
                }
            }
        }
    }

    private static int longestAnchorPrefix(TreeMap<String, Integer> group, String text) {
        // candidates sort at or before text; check from the closest one back (groups are tiny)
        for (Map.Entry<String, Integer> e = group.floorEntry(text); e != null; e = group.lowerEntry(e.getKey())) {
            if (text.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return -1;
    }

    /** End index of the longest prefix of {@code p} (on a code point boundary) whose wildcard fits. */
    static int longestFittingPrefix(String p) {
        int length = 0;
        int i = 0;
        while (i < p.length()) {
            int next = Character.isHighSurrogate(p.charAt(i)) && i + 1 < p.length() && Character.isLowSurrogate(p.charAt(i + 1)) ? i + 2 : i + 1;
            int add = PathEncoding.encodedLength(p, i, next);
            if (length + add > MAX_WILDCARD_PREFIX) {
                break;
            }
            length += add;
            i = next;
        }
        return i;
    }

    private void finish() {
        int n = nodeCount;
        // children in CSR form, by node id (deterministic: ids follow the sorted paths)
        int[] childCount = new int[n + 1];
        for (int v = 1; v < n; v++) {
            childCount[parent[v] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            childCount[v + 1] += childCount[v];
        }
        int[] children = new int[Math.max(0, n - 1)];
        int[] fill = Arrays.copyOf(childCount, n);
        for (int v = 1; v < n; v++) {
            children[fill[parent[v]]++] = v;
        }
        order = new int[n];
        position = new int[n];
        size = new int[n];
        int[] stack = new int[n];
        int top = 0;
        int next = 0;
        stack[top++] = 0;
        while (top > 0) {
            int v = stack[--top];
            position[v] = next;
            order[next++] = v;
            for (int c = childCount[v + 1] - 1; c >= childCount[v]; c--) {
                stack[top++] = children[c];
            }
        }
        exactUnder = new long[n];
        tooLongUnder = new long[n];
        for (int i = 0; i < paths.length; i++) {
            if (tooLong.get(i)) {
                tooLongUnder[attach[i]]++;
            } else {
                exactUnder[attach[i]]++;
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            int v = order[k];
            size[v] += 1;
            if (v != 0) {
                int p = parent[v];
                size[p] += size[v];
                exactUnder[p] += exactUnder[v];
                tooLongUnder[p] += tooLongUnder[v];
            }
        }
    }
}
