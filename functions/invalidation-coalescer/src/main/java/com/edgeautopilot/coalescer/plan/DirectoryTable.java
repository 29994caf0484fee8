package com.edgeautopilot.coalescer.plan;

/**
 * The path tree's directory nodes by prefix text: an open-addressing table looked up by a region of a path, without
 * copying it. Every changed path is looked up here, so the table is laid out for the cache: a bucket is one 64-byte
 * run of 8 longs holding the key's hash, its node, its length and, for a key of at most {@value #INLINE_CHARS} chars
 * of at most {@code U+00FF} each (nearly every directory), the key itself, packed a char per byte. A lookup then reads
 * one bucket and nothing else; with the key kept only as a {@code String}, each lookup waited for three more
 * dependent cache misses (the node's prefix reference, the string, its bytes), and they were half of the plan's time.
 * Longer or wider keys are compared with the {@code String} kept beside the bucket.
 */
final class DirectoryTable {

    private static final int WORDS = 8;                         // longs per bucket
    private static final int INLINE_CHARS = (WORDS - 2) * Long.BYTES;
    private static final long INLINE = 1L << 32;                // in word 1, beside the length
    private static final int INVERSE_OF_31 = 0xbdef7bdf;         // 31 × this = 1 modulo 2^32

    private long[] buckets;     // [hash << 32 | node + 1 (0 = empty)] [length | INLINE] [key bytes, 6 words]
    private String[] longKeys;  // keys not stored inline, by bucket
    private int shift;
    private int used;

    /** @param expectedKeys how many keys the table will probably hold (it grows past that if needed) */
    DirectoryTable(int expectedKeys) {
        allocate(Math.max(1 << 10, Integer.highestOneBit(Math.min(expectedKeys, 1 << 24) * 2 - 1)));
    }

    /** Node of the key {@code p[0, end)}, or -1. */
    int find(String p, int end) {
        return find(p, end, hash(p, end));
    }

    /** {@link #find(String, int)} with {@code hash(p, end)} (the directory's {@code hashCode()}) already computed. */
    int find(String p, int end, int hash) {
        int mask = longKeys.length - 1;
        for (int b = index(hash); ; b = (b + 1) & mask) {
            int at = b * WORDS;
            long head = buckets[at];
            if (head == 0) {
                return -1;
            }
            long info = buckets[at + 1];
            if ((int) (head >>> 32) == hash && (int) info == end && matches(p, end, b, at, info)) {
                return (int) head - 1;
            }
        }
    }

    /**
     * Reads both ends of the first bucket a lookup of {@code hash} probes (a bucket may straddle two cache lines), for
     * the cache only: the caller sums what it returns.
     */
    int probeFirst(int hash) {
        int at = index(hash) * WORDS;
        return (int) buckets[at] + (int) buckets[at + WORDS - 1];
    }

    /** Adds {@code key} for {@code node}; the key must not be in the table yet. */
    void add(String key, int node) {
        if (4 * (used + 1) > 3 * longKeys.length) {
            long[] oldBuckets = buckets;
            String[] oldKeys = longKeys;
            allocate(oldKeys.length * 2);
            for (int b = 0; b < oldKeys.length; b++) {
                if (oldBuckets[b * WORDS] != 0) {
                    int to = free((int) (oldBuckets[b * WORDS] >>> 32));
                    System.arraycopy(oldBuckets, b * WORDS, buckets, to * WORDS, WORDS);
                    longKeys[to] = oldKeys[b];
                }
            }
        }
        int hash = key.hashCode();
        int b = free(hash);
        int at = b * WORDS;
        buckets[at] = ((long) hash << 32) | (node + 1);
        boolean inline = key.length() <= INLINE_CHARS;
        for (int i = 0; inline && i < key.length(); i++) {
            inline = key.charAt(i) <= 0xFF;
        }
        buckets[at + 1] = key.length() | (inline ? INLINE : 0);
        if (inline) {
            for (int w = 0; w * Long.BYTES < key.length(); w++) {
                buckets[at + 2 + w] = pack(key, w * Long.BYTES, key.length());
            }
        } else {
            longKeys[b] = key;
        }
        used++;
    }

    private boolean matches(String p, int end, int b, int at, long info) {
        if ((info & INLINE) == 0) {
            return p.regionMatches(0, longKeys[b], 0, end);
        }
        for (int from = 0, w = at + 2; from < end; from += Long.BYTES, w++) {
            long word = 0;
            int wide = 0; // a char above U+00FF never equals a stored byte (and would spill into its neighbours' bytes)
            for (int i = Math.min(from + Long.BYTES, end) - 1; i >= from; i--) {
                char c = p.charAt(i);
                wide |= c;
                word = (word << 8) | c;
            }
            if (word != buckets[w] || wide > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Chars {@code s[from, min(from + 8, end))}, each at most {@code U+00FF}, a byte each, the first in the lowest byte. */
    private static long pack(String s, int from, int end) {
        long word = 0;
        for (int i = Math.min(from + Long.BYTES, end) - 1; i >= from; i--) {
            word = (word << 8) | s.charAt(i);
        }
        return word;
    }

    private int free(int hash) {
        int mask = longKeys.length - 1;
        int b = index(hash);
        while (buckets[b * WORDS] != 0) {
            b = (b + 1) & mask;
        }
        return b;
    }

    private void allocate(int bucketCount) {
        buckets = new long[bucketCount * WORDS];
        longKeys = new String[bucketCount];
        shift = 32 - Integer.numberOfTrailingZeros(bucketCount);
    }

    private int index(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** The {@link String#hashCode()} of {@code s.substring(0, end)}, without the copy. */
    static int hash(String s, int end) {
        int h = 0;
        for (int i = 0; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /**
     * The {@link String#hashCode()} of {@code p}'s directory, {@code p.substring(0, lastSlash + 1)}, from the
     * hash of the whole path (computed once and kept by the string: a {@code HashSet} of paths already holds it) and
     * the chars after the last slash only, which are scanned to find that slash anyway:
     * {@code hash(p) = hash(directory) × 31^n + hash of the n chars after it}, and 31 is invertible modulo 2^32.
     */
    static int directoryHash(String p, int lastSlash) {
        int suffix = 0;
        int power = 1;
        int inverse = 1;
        for (int i = p.length() - 1; i > lastSlash; i--) {
            suffix += p.charAt(i) * power;
            power *= 31;
            inverse *= INVERSE_OF_31;
        }
        return (p.hashCode() - suffix) * inverse;
    }
}
