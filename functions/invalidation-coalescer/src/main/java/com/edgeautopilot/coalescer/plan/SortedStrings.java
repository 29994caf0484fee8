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
