package com.edgeautopilot.coalescer.plan;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The changed paths arranged by the wildcards that could cover them, with aggregated counts.
 *
 * <p>A node is a raw prefix whose wildcard ({@code encode(prefix) + "*"}) is at most 4,000 characters:
 * <ul>
 *   <li>every directory prefix ({@code "/"}, {@code "/docs/"}, {@code "/docs/v2/"}, ...) of a changed path;</li>
 *   <li>a <em>stem</em>: a changed path {@code /docs/page} that is also a changed directory {@code /docs/page/} (the
 *       index aliases of a page-per-directory site): {@code /docs/page*} covers {@code /docs/page},
 *       {@code /docs/page/} and everything below with one path (and siblings like {@code /docs/page-2/});</li>
 *   <li>for a path too long to send as it is, an <em>anchor</em>: its longest prefix whose wildcard fits.</li>
 * </ul>
 * Stems and anchors are <em>cuts</em>: prefixes that do not end at a {@code /}. A cut's <em>base</em> is the
 * directory it lies in. A node's parent is the longest other node that is a prefix of it, so a node's subtree is
 * exactly what its wildcard covers, and two nodes' wildcards overlap only if one is an ancestor of the other. Each
 * changed path hangs from the longest node that is a prefix of it.
 *
 * <p>Building takes one {@link DirectoryTable} lookup per path (no substring, no sorting of the input) plus work per
 * new directory and per cut. The paths are taken in batches whose strings and table buckets are read ahead, so their
 * cache misses overlap: at a million paths, memory latency is most of the time. Node ids follow the input order, so
 * nothing that must be deterministic may depend on them: callers break ties by prefix.
 */
final class PathTree {

    static final int MAX_WILDCARD_PREFIX = PathEncoding.MAX_PATH_LENGTH - 1;
    /** A raw path this short encodes to at most 9 characters per char (3 bytes of %XX), so it always fits. */
    private static final int ALWAYS_FITS = PathEncoding.MAX_PATH_LENGTH / 9;
    /** Paths read into cache together before they are scanned (see {@link #touchAndCheck}). */
    private static final int BATCH = 64;

    final String[] paths;          // unique raw changed paths, in any order
    final int[] attach;            // node each path hangs from
    final BitSet tooLong;          // paths that cannot be sent exactly (encoded length > 4,000)

    // nodes (arrays grow while building)
    int nodeCount;
    String[] prefix = new String[256];
    int[] parent = new int[256];
    int[] encodedLength = new int[256];
    boolean[] cut = new boolean[256];  // a stem or an anchor, not a directory

    // after finish(): preorder layout and subtree aggregates
    int[] order;      // node ids in preorder (parents before children, a subtree is contiguous)
    int[] position;   // node id -> index in order
    int[] size;       // nodes in the subtree (itself included)
    private int[] childStart; // children of v: children[childStart[v], childStart[v + 1]), by node id
    private int[] children;
    long[] exactUnder;   // changed paths under the node that could be sent exactly
    long[] tooLongUnder; // changed paths under the node that need a wildcard

    private final DirectoryTable directories;
    private int touched; // sink for the reads of touchAndCheck, so the compiler cannot drop them
    private final int[] batchSlashes = new int[BATCH];  // last slash of each path of the batch
    private final int[] batchHashes = new int[BATCH];   // hash of each path's directory
    private final Set<String> unfitDirectories = new HashSet<>(); // directories whose wildcard would be too long
    private int[] missing = new int[16];

    /**
     * @param uniquePaths the changed raw paths, no duplicates, any order, each starting with {@code /}
     * @param isChanged   membership test for those paths (the caller's set)
     */
    PathTree(String[] uniquePaths, Predicate<String> isChanged) {
        this.paths = uniquePaths;
        this.attach = new int[paths.length];
        this.tooLong = new BitSet(paths.length);
        // a site has a directory for every few files: sized for one per 8 paths, the table rarely grows while in use
        this.directories = new DirectoryTable(paths.length / 8);
        directories.add("/", addNode("/", -1, 1, false));

        for (int from = 0; from < paths.length; from += BATCH) {
            attachBatch(from, Math.min(paths.length, from + BATCH));
        }
        addCuts(isChanged);
        finish();
    }

    /**
     * Hangs {@code paths[from, to)} from their deepest fitting directory, creating directories as needed. A method of its
     * own, called per batch, so the compiler optimises it as a whole rather than as a loop entered once.
     */
    private void attachBatch(int from, int to) {
        touchAndCheck(paths, from, to);
        touchDirectories(paths, from, to, batchSlashes, batchHashes);
        for (int i = from; i < to; i++) {
            String p = paths[i];
            int slash = batchSlashes[i - from];
            int node = slash == 0 ? 0 : directories.find(p, slash + 1, batchHashes[i - from]);
            if (node < 0) { // a new directory, or one whose wildcard is too long
                node = deepestFittingDirectory(p, slash);
            }
            attach[i] = node;
            if (p.length() > ALWAYS_FITS && PathEncoding.encodedLength(p) > PathEncoding.MAX_PATH_LENGTH) {
                tooLong.set(i);
            }
        }
    }

    /**
     * Checks that {@code paths[from, to)} start with {@code /}, reading both ends of each so that the batch's strings are
     * in cache before they are scanned. The paths lie scattered over the heap: scanned one by one, each string's cache
     * misses wait behind the previous string's scan (its length decides the loop), so the plan spent most of its time
     * waiting for memory; these reads do not depend on each other, so the CPU overlaps their misses.
     */
    private void touchAndCheck(String[] paths, int from, int to) {
        int ends = 0;
        for (int i = from; i < to; i++) {
            String p = paths[i];
            if (p == null || p.isEmpty() || p.charAt(0) != '/') {
                throw new IllegalArgumentException("changed paths must start with '/': " + (p == null ? null : PathEncoding.abbreviate(p)));
            }
            ends += p.charAt(p.length() - 1);
        }
        touched += ends;
    }

    /**
     * Finds the last slash of each path of the batch and the hash of its directory, and reads the table bucket that
     * the lookup will compare, so their cache misses overlap as well (no branch depends on what these reads return, so
     * the CPU does not wait for one before issuing the next).
     */
    private void touchDirectories(String[] paths, int from, int to, int[] slashes, int[] hashes) {
        int sink = 0;
        for (int i = from; i < to; i++) {
            String p = paths[i];
            int slash = p.lastIndexOf('/');
            int hash = DirectoryTable.directoryHash(p, slash);
            slashes[i - from] = slash;
            hashes[i - from] = hash;
            sink += directories.probeFirst(hash);
        }
        touched += sink;
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

    private int addNode(String prefixText, int parentNode, int encoded, boolean isCut) {
        if (nodeCount == prefix.length) {
            int n = nodeCount * 2;
            prefix = Arrays.copyOf(prefix, n);
            parent = Arrays.copyOf(parent, n);
            encodedLength = Arrays.copyOf(encodedLength, n);
            cut = Arrays.copyOf(cut, n);
        }
        prefix[nodeCount] = prefixText;
        parent[nodeCount] = parentNode;
        encodedLength[nodeCount] = encoded;
        cut[nodeCount] = isCut;
        return nodeCount++;
    }

    // ------------------------------------------------------------------ directories

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
        int known = lookUp(p, slash);
        if (known != Integer.MIN_VALUE) {
            return known;
        }
        // walk up to the deepest directory already known, then create the missing ones top-down
        int count = 0;
        int s = slash;
        do {
            if (count == missing.length) {
                missing = Arrays.copyOf(missing, count * 2);
            }
            missing[count++] = s;
            s = p.lastIndexOf('/', s - 1);
            known = lookUp(p, s);
        } while (known == Integer.MIN_VALUE);
        int current = known;
        int currentSlash = s;
        for (int k = count - 1; k >= 0; k--) {
            int here = missing[k];
            int created = -1;
            if (current >= 0) {
                int length = encodedLength[current] + PathEncoding.encodedLength(p, currentSlash + 1, here + 1);
                if (length <= MAX_WILDCARD_PREFIX) {
                    created = addNode(p.substring(0, here + 1), current, length, false);
                    directories.add(prefix[created], created);
                }
            }
            if (created < 0) {
                unfitDirectories.add(p.substring(0, here + 1));
            }
            current = created;
            currentSlash = here;
        }
        return current;
    }

    /** Node of directory {@code p[0..slash]}, -1 if known not to fit, {@code Integer.MIN_VALUE} if unknown. */
    private int lookUp(String p, int slash) {
        if (slash == 0) {
            return 0;
        }
        int node = directories.find(p, slash + 1);
        if (node >= 0) {
            return node;
        }
        if (!unfitDirectories.isEmpty() && unfitDirectories.contains(p.substring(0, slash + 1))) {
            return -1;
        }
        return Integer.MIN_VALUE;
    }

    // ------------------------------------------------------------------ cuts

    /**
     * Adds the stems and anchors, then re-hangs whatever starts with a cut (other cuts, directories, paths) below it,
     * so that subtrees stay equal to what wildcards cover.
     */
    private void addCuts(Predicate<String> isChanged) {
        int directoryNodes = nodeCount;
        int[] stemOf = null; // directory -> its stem
        for (int v = 1; v < directoryNodes; v++) { // stems: "/x/name" changed and "/x/name/" a directory node
            String text = prefix[v].substring(0, prefix[v].length() - 1);
            if (!text.endsWith("/") && isChanged.test(text)) { // "/a//" has no stem: "/a/" is its directory // it fits (its directory does); the path itself is re-hung below
                if (stemOf == null) {
                    stemOf = new int[directoryNodes];
                    Arrays.fill(stemOf, -1);
                }
                stemOf[v] = addNode(text, parent[v], encodedLength[v] - 1, true);
            }
        }
        if (!tooLong.isEmpty()) {
            Map<String, Integer> cutsByText = new HashMap<>();
            for (int c = directoryNodes; c < nodeCount; c++) {
                cutsByText.put(prefix[c], c);
            }
            for (int i = tooLong.nextSetBit(0); i >= 0; i = tooLong.nextSetBit(i + 1)) {
                String p = paths[i];
                int base = attach[i];
                int end = longestFittingPrefix(p);
                if (end <= prefix[base].length()) {
                    continue; // the directory itself is the longest prefix that fits
                }
                String text = p.substring(0, end);
                Integer node = cutsByText.get(text);
                if (node == null) {
                    node = addNode(text, base, PathEncoding.encodedLength(text), true);
                    cutsByText.put(text, node);
                }
                attach[i] = node;
            }
        }
        int cuts = nodeCount - directoryNodes;
        if (cuts == 0) {
            return;
        }
        // cuts grouped by base (a counting sort: every cut's parent is still its base directory), sorted by text within
        // a base; sorting each small group on its own keeps its strings in cache, where one sort of all cuts did not
        int[] groupStart = new int[directoryNodes + 1];
        for (int c = directoryNodes; c < nodeCount; c++) {
            groupStart[parent[c] + 1]++;
        }
        for (int v = 0; v < directoryNodes; v++) {
            groupStart[v + 1] += groupStart[v];
        }
        int[] group = new int[cuts];
        int[] fill = Arrays.copyOf(groupStart, directoryNodes);
        for (int c = directoryNodes; c < nodeCount; c++) {
            group[fill[parent[c]]++] = c;
        }
        int[] groupEnd = Arrays.copyOfRange(groupStart, 1, directoryNodes + 1);
        int[] scratch = new int[cuts];
        int[] stack = new int[cuts];
        for (int base = 0; base < directoryNodes; base++) {
            int from = groupStart[base];
            int to = groupEnd[base];
            if (from == to) {
                groupStart[base] = -1;
                continue;
            }
            // cuts of one base all start with the base's prefix: compare only what follows it
            sortByText(group, scratch, from, to, prefix[base].length());
            // cuts under cuts: in sorted order a prefix comes right before its extensions
            int top = 0;
            for (int k = from; k < to; k++) {
                int c = group[k];
                while (top > 0 && !prefix[c].startsWith(prefix[stack[top - 1]])) {
                    top--;
                }
                if (top > 0) {
                    parent[c] = stack[top - 1];
                }
                stack[top++] = c;
            }
        }
        // directories: under their own stem, or under a cut of their base that starts their name
        for (int v = 1; v < directoryNodes; v++) {
            if (stemOf != null && stemOf[v] >= 0) {
                parent[v] = stemOf[v];
            } else if (groupStart[parent[v]] >= 0) {
                int c = longestCutPrefix(group, groupStart[parent[v]], groupEnd[parent[v]], prefix[v], prefix[parent[v]].length());
                if (c >= 0) {
                    parent[v] = c;
                }
            }
        }
        // sendable paths hanging from a base that start with one of its cuts (too-long ones hang from their anchor)
        for (int i = 0; i < paths.length; i++) {
            int base = attach[i];
            if (base < directoryNodes && groupStart[base] >= 0 && !tooLong.get(i)) {
                int c = longestCutPrefix(group, groupStart[base], groupEnd[base], paths[i], prefix[base].length());
                if (c >= 0) {
                    attach[i] = c;
                }
            }
        }
    }

    /** Sorts the nodes {@code a[from, to)} by prefix text (a merge sort), comparing past the {@code shared} chars they all share. */
    private void sortByText(int[] a, int[] scratch, int from, int to, int shared) {
        if (to - from <= 8) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= from && compareFrom(prefix[a[j]], prefix[x], shared) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortByText(a, scratch, from, mid, shared);
        sortByText(a, scratch, mid, to, shared);
        if (compareFrom(prefix[a[mid - 1]], prefix[a[mid]], shared) <= 0) {
            return; // already in order
        }
        System.arraycopy(a, from, scratch, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compareFrom(prefix[scratch[i]], prefix[scratch[j]], shared) <= 0)) {
                a[k] = scratch[i++];
            } else {
                a[k] = scratch[j++];
            }
        }
    }

    /**
     * The longest cut of {@code group[from, to)} (sorted by text) that is a prefix of {@code text}, or -1. The
     * candidate is the greatest cut not after the text; if it is not a prefix, any answer is a prefix of their common
     * prefix, so the search repeats on that, which only gets shorter.
     */
    private int longestCutPrefix(int[] group, int from, int to, String text, int shared) {
        int length = text.length();
        while (true) {
            int lo = from;
            int hi = to; // first cut greater than text[0, length)
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareToRegion(prefix[group[mid]], text, length, shared) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo == from) {
                return -1;
            }
            String candidate = prefix[group[lo - 1]];
            if (candidate.length() <= length && text.startsWith(candidate)) {
                return group[lo - 1];
            }
            int common = shared;
            int max = Math.min(candidate.length(), length);
            while (common < max && candidate.charAt(common) == text.charAt(common)) {
                common++;
            }
            length = common;
        }
    }

    /** {@code a.compareTo(b.substring(0, bLength))} without the copy, for strings that agree on their first {@code shared} chars. */
    private static int compareToRegion(String a, String b, int bLength, int shared) {
        int n = Math.min(a.length(), bLength);
        for (int i = shared; i < n; i++) {
            int d = a.charAt(i) - b.charAt(i);
            if (d != 0) {
                return d;
            }
        }
        return a.length() - bLength;
    }

    /** {@code a.compareTo(b)} for strings that agree on their first {@code shared} chars. */
    private static int compareFrom(String a, String b, int shared) {
        int n = Math.min(a.length(), b.length());
        for (int i = shared; i < n; i++) {
            int d = a.charAt(i) - b.charAt(i);
            if (d != 0) {
                return d;
            }
        }
        return a.length() - b.length();
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

    // ------------------------------------------------------------------ layout

    /**
     * Node ids in preorder with siblings sorted by prefix text, which lists the prefixes in sorted order (a subtree is
     * what starts with its root's prefix, and siblings do not start with one another): an inventory counts them in one
     * forward sweep. Sorting costs a little, so only a plan with an inventory asks for it.
     */
    int[] preorderByText() {
        int[] sorted = children.clone();
        int[] scratch = new int[sorted.length];
        for (int v = 0; v < nodeCount; v++) {
            if (childStart[v + 1] - childStart[v] > 1) {
                sortByText(sorted, scratch, childStart[v], childStart[v + 1], prefix[v].length());
            }
        }
        return preorder(sorted);
    }

    /** Node ids in preorder, children in the order {@code children} lists them (CSR by {@link #childStart}). */
    private int[] preorder(int[] children) {
        int n = nodeCount;
        int[] result = new int[n];
        int[] stack = new int[n];
        int top = 0;
        int next = 0;
        stack[top++] = 0;
        while (top > 0) {
            int v = stack[--top];
            result[next++] = v;
            for (int c = childStart[v + 1] - 1; c >= childStart[v]; c--) {
                stack[top++] = children[c];
            }
        }
        if (next != n) {
            throw new IllegalStateException("path tree is not connected: " + next + " of " + n + " nodes reachable");
        }
        return result;
    }

    private void finish() {
        int n = nodeCount;
        // children in CSR form, by node id
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
        childStart = childCount;
        this.children = children;
        order = preorder(children);
        position = new int[n];
        for (int k = 0; k < n; k++) {
            position[order[k]] = k;
        }
        size = new int[n];
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
