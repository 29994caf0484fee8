package com.edgeautopilot.testbed.fuzz;

import com.edgeautopilot.common.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded mutations of a valid JSON event: the bad input senders, AWS services and attackers can hand a function.
 * Each {@link Mutation} carries its own seed, so a failure found in a long run is kept as a one-line regression case
 * ({@link #replay}). Mutations work on the parsed tree (a random field of any depth) except truncation, which cuts the
 * text.
 */
public final class EventMutator {

    /** The kinds of bad input (issue 13, item 4). */
    public enum Kind {
        /** The text cut anywhere: not JSON any more. */
        TRUNCATED,
        /** A field of another type: number for text, object for list, null, ... */
        WRONG_TYPE,
        /** A field removed. */
        MISSING_FIELD,
        /** A text field 1 KB to 120 KB long (a huge key, a huge name...). */
        HUGE_STRING,
        /** A text field with a broken percent-encoding appended ({@code %}, {@code %Z1}, {@code %E2%82}, ...). */
        BAD_PERCENT_ENCODING,
        /** A text field with a lone surrogate, NUL or a replacement character (what invalid UTF-8 decodes to). */
        BAD_UTF8,
        /** A text field replaced by a name no one sends (unknown event name, source, state...). */
        UNKNOWN_NAME,
        /** Padded to 256 KB, the largest SQS, SNS and EventBridge message. */
        OVERSIZED_256KB,
        /** Wrapped in one to three SNS envelopes. */
        SNS_IN_SNS
    }

    /** One bad input: its kind, the seed that replays it, and the text. */
    public record Mutation(Kind kind, long seed, String text) {
        @Override
        public String toString() {
            return kind + " seed " + seed + " (" + text.length() + " chars)";
        }
    }

    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    private static final String[] BAD_PERCENT = {"%", "%Z1", "%E2%82", "%C3%28", "%FF%FE", "%2", "%%41", "%u00e9", "%ED%A0%80"};
    private static final String[] BAD_TEXT = {"\uD800", "\uDFFF", "\u0000", "\uFFFD", "a\uD83Db", "\u202E", "\uFEFF"};
    private static final String[] UNKNOWN = {"ObjectRestore:Teleported", "aws.unknown", "Object Vanished", "INSUFFICIENT_JOY",
            "", " ", "null", "ALARM ", "alarm", "Notification\n", "../../etc/passwd", "${jndi:ldap://x}"};

    private final Random random;

    public EventMutator(long seed) {
        this.random = new Random(seed);
    }

    /** The next mutation of a random kind. */
    public Mutation next(String validJson) {
        Kind[] kinds = Kind.values();
        return next(kinds[random.nextInt(kinds.length)], validJson);
    }

    /** The next mutation of this kind. */
    public Mutation next(Kind kind, String validJson) {
        return replay(kind, random.nextLong(), validJson);
    }

    /** The mutation a kind and seed give for this input: the same text every time (regression cases). */
    public static Mutation replay(Kind kind, long seed, String validJson) {
        Random r = new Random(seed);
        String text = switch (kind) {
            case TRUNCATED -> validJson.substring(0, r.nextInt(Math.max(1, validJson.length() - 1)));
            case OVERSIZED_256KB -> padded(validJson, r);
            case SNS_IN_SNS -> {
                String inner = validJson;
                for (int depth = 1 + r.nextInt(3); depth > 0; depth--) {
                    inner = snsEnvelope(inner, r);
                }
                yield inner;
            }
            default -> Json.write(mutateTree(kind, copy(Json.parseObject(validJson)), r));
        };
        return new Mutation(kind, seed, text);
    }

    /** An SNS notification as SNS delivers it to a subscriber, with the text as its Message. */
    public static String snsEnvelope(String message, Random r) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", new java.util.UUID(r.nextLong(), r.nextLong()).toString());
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:fuzz");
        envelope.put("Subject", null);
        envelope.put("Message", message);
        envelope.put("Timestamp", "2026-11-21T10:00:00.000Z");
        envelope.put("SignatureVersion", "1");
        return Json.write(envelope);
    }

    private static String padded(String validJson, Random r) {
        Map<String, Object> tree = copy(Json.parseObject(validJson));
        int room = MAX_MESSAGE_BYTES - validJson.length() - 20;
        tree.put("padding" + r.nextInt(100), "x".repeat(Math.max(0, room)));
        return Json.write(tree);
    }

    private static Map<String, Object> mutateTree(Kind kind, Map<String, Object> root, Random r) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        List<Slot> texts = slots.stream().filter(s -> s.get() instanceof String).toList();
        List<Slot> candidates = switch (kind) {
            case MISSING_FIELD -> slots.stream().filter(s -> s.map != null).toList();
            case HUGE_STRING, BAD_PERCENT_ENCODING, BAD_UTF8, UNKNOWN_NAME -> texts.isEmpty() ? slots : texts;
            default -> slots;
        };
        if (candidates.isEmpty()) {
            return root;
        }
        Slot slot = candidates.get(r.nextInt(candidates.size()));
        Object old = slot.get();
        switch (kind) {
            case MISSING_FIELD -> slot.map.remove(slot.key);
            case WRONG_TYPE -> slot.set(otherType(old, r));
            case HUGE_STRING -> slot.set(huge(String.valueOf(old), r));
            case BAD_PERCENT_ENCODING -> slot.set(old + BAD_PERCENT[r.nextInt(BAD_PERCENT.length)]);
            case BAD_UTF8 -> {
                String s = String.valueOf(old);
                int at = r.nextInt(s.length() + 1);
                slot.set(s.substring(0, at) + BAD_TEXT[r.nextInt(BAD_TEXT.length)] + s.substring(at));
            }
            case UNKNOWN_NAME -> slot.set(UNKNOWN[r.nextInt(UNKNOWN.length)]);
            default -> throw new IllegalArgumentException(kind + " is not a tree mutation");
        }
        return root;
    }

    private static Object otherType(Object old, Random r) {
        List<Object> choices = new ArrayList<>(List.of(42, -1.5e300, true, "text", List.of(), Map.of()));
        choices.add(null);
        choices.add(List.of(old == null ? "x" : old));
        choices.removeIf(c -> c != null && old != null && c.getClass().equals(old.getClass()));
        return choices.get(r.nextInt(choices.size()));
    }

    private static String huge(String seed, Random r) {
        int length = 1025 + r.nextInt(120_000);   // every field may be huge; the whole message stays near the 256 KB limit
        StringBuilder b = new StringBuilder(length);
        String unit = seed.isEmpty() ? "k/" : seed;
        while (b.length() < length) {
            b.append(unit);
        }
        return b.substring(0, length);
    }

    /** A place in the tree: a map entry or a list element. */
    private record Slot(Map<String, Object> map, String key, List<Object> list, int index) {
        Object get() {
            return map != null ? map.get(key) : list.get(index);
        }

        void set(Object value) {
            if (map != null) {
                map.put(key, value);
            } else {
                list.set(index, value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Slot> slots) {
        if (node instanceof Map<?, ?> m) {
            for (String key : new ArrayList<>(((Map<String, Object>) m).keySet())) {
                slots.add(new Slot((Map<String, Object>) m, key, null, -1));
                collect(m.get(key), slots);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                slots.add(new Slot(null, null, (List<Object>) l, i));
                collect(l.get(i), slots);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return node;
    }
}
