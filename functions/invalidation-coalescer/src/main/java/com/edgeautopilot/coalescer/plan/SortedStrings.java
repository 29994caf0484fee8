package com.edgeautopilot.coalescer.plan;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** An immutable set of strings kept as one sorted array: compact, ordered, binary-searched. */
final class SortedStrings extends AbstractSet<String> {

    static final SortedStrings EMPTY = new SortedStrings(new String[0]);

    private final String[] sorted;

    private SortedStrings(String[] sortedUnique) {
        this.sorted = sortedUnique;
    }

    static SortedStrings of(Collection<String> strings) {
        if (strings instanceof SortedStrings s) {
            return s;
        }
        return ofArray(strings.toArray(String[]::new));
    }

    /** Sorts and de-duplicates {@code array} in place and wraps it (the caller must not keep using it). */
    static SortedStrings ofArray(String[] array) {
        for (String s : array) {
            if (s == null) {
                throw new NullPointerException("null element");
            }
        }
        if (array.length > 50_000) {
            Arrays.parallelSort(array);
        } else {
            Arrays.sort(array);
        }
        int n = 0;
        for (int i = 0; i < array.length; i++) {
            if (n == 0 || !array[i].equals(array[n - 1])) {
                array[n++] = array[i];
            }
        }
        return n == 0 ? EMPTY : new SortedStrings(n == array.length ? array : Arrays.copyOf(array, n));
    }

    /** Wraps an array the caller guarantees sorted and free of duplicates. */
    static SortedStrings ofSortedUnique(String[] sortedUnique) {
        return sortedUnique.length == 0 ? EMPTY : new SortedStrings(sortedUnique);
    }

    /** Number of elements starting with {@code prefix}; they are contiguous in sorted order. */
    long countWithPrefix(String prefix) {
        int from = lowerBound(prefix);
        int lo = from;
        int hi = sorted.length;
        while (lo < hi) { // first index at or after 'from' that does not start with the prefix
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].startsWith(prefix)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - from;
    }

    /**
     * {@link #countWithPrefix} for prefixes nested in a forest: {@code prefixes[parents[i]]} is a prefix of
     * {@code prefixes[i]} and comes before it ({@code parents[i] < 0}: a root). Each search runs only inside the parent's
     * range of matches and compares characters after the parent's prefix, which every string there shares: on a
     * path tree that is a few comparisons of a few characters per node instead of ~20 full-length comparisons.
     * A prefix that does not extend its parent's is searched on the whole array.
     */
    long[] countWithNestedPrefixes(String[] prefixes, int[] parents) {
        int n = prefixes.length;
        long[] counts = new long[n];
        int[] from = new int[n];
        int[] to = new int[n];
        int[] lastChild = new int[n];
        Arrays.fill(lastChild, -1);
        for (int i = 0; i < n; i++) {
            String prefix = prefixes[i];
            int p = parents[i];
            int lo = 0;
            int hi = sorted.length;
            int shared = 0;
            if (p >= 0 && p < i && prefix.startsWith(prefixes[p])) {
                lo = from[p];
                hi = to[p];
                shared = prefixes[p].length();
                int sibling = lastChild[p];
                // siblings listed in sorted order (neither a prefix of the other): this range starts after the previous one's
                if (sibling >= 0 && !prefix.startsWith(prefixes[sibling]) && compareFrom(prefixes[sibling], prefix, shared) < 0) {
                    lo = Math.max(lo, to[sibling]);
                }
                lastChild[p] = i;
            }
            int start = lowerBound(prefix, lo, hi, shared);
            int end = endOfPrefix(prefix, start, hi, shared);
            from[i] = start;
            to[i] = end;
            counts[i] = end - start;
        }
        return counts;
    }

    /**
     * First index in [lo, hi) whose string is not below {@code key}; every string there shares key's first {@code shared}
     * chars. Gallops from {@code lo} first: after a sibling's range the answer is usually a few strings on.
     */
    private int lowerBound(String key, int lo, int hi, int shared) {
        for (int step = 1; lo < hi; step <<= 1) {
            int probe = lo + step - 1;
            if (probe >= hi) {
                break;
            }
            if (compareFrom(sorted[probe], key, shared) < 0) {
                lo = probe + 1;
            } else {
                hi = probe;
                break;
            }
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareFrom(sorted[mid], key, shared) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * First index in [lo, hi) whose string does not start with {@code prefix} (those that do are contiguous from lo).
     * Most prefixes of a path tree match a few strings out of a large range, so the search gallops from {@code lo}
     * (lo + 1, lo + 3, lo + 7, ...) before it bisects: fewer probes, and near strings the lower bound just read.
     */
    private int endOfPrefix(String prefix, int lo, int hi, int shared) {
        int length = prefix.length() - shared;
        for (int step = 1; lo < hi; step <<= 1) {
            int probe = lo + step - 1;
            if (probe >= hi) {
                break;
            }
            String s = sorted[probe];
            if (s.length() >= prefix.length() && s.regionMatches(shared, prefix, shared, length)) {
                lo = probe + 1;
            } else {
                hi = probe;
                break;
            }
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            String s = sorted[mid];
            if (s.length() >= prefix.length() && s.regionMatches(shared, prefix, shared, length)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code a.compareTo(b)} for strings known to agree on their first {@code shared} chars. */
    private static int compareFrom(String a, String b, int shared) {
        int limit = Math.min(a.length(), b.length());
        for (int k = shared; k < limit; k++) {
            char x = a.charAt(k);
            char y = b.charAt(k);
            if (x != y) {
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private int lowerBound(String key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].compareTo(key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String s && Arrays.binarySearch(sorted, s) >= 0;
    }

    @Override
    public int size() {
        return sorted.length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < sorted.length;
            }

            @Override
            public String next() {
                if (next >= sorted.length) {
                    throw new NoSuchElementException();
                }
                return sorted[next++];
            }
        };
    }
}
