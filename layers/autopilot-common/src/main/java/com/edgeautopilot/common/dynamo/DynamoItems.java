package com.edgeautopilot.common.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Typed access to DynamoDB items of the project's single-table layouts ({@code pk}/{@code sk} strings, TTL attribute
 * {@code expiresAt} in epoch seconds): attribute builders, null-safe readers, a paginated query and a bounded key hash.
 */
public final class DynamoItems {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /** DynamoDB's limit on a sort key's UTF-8 bytes; {@link #boundedKey} keeps any key under it. */
    public static final int MAX_SORT_KEY_BYTES = 1024;

    private DynamoItems() {
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PARTITION_KEY, s(pk), SORT_KEY, s(sk));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    public static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    public static AttributeValue n(double value) {
        return AttributeValue.builder().n(Double.toString(value)).build();
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.builder().bool(value).build();
    }

    /** The TTL attribute's value (epoch seconds) for an item that should disappear {@code retentionMillis} after {@code nowMillis}. */
    public static AttributeValue expiresAfter(long nowMillis, long retentionMillis) {
        return n((nowMillis + retentionMillis) / 1000);
    }

    /** A string attribute, or null when absent or not a string. */
    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null ? null : value.s();
    }

    /** A number attribute as a long, or null when absent or not a number. */
    public static Long optLong(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        if (value == null || value.n() == null) {
            return null;
        }
        String text = value.n();
        return text.contains(".") || text.contains("E") || text.contains("e") ? (long) Double.parseDouble(text) : Long.parseLong(text);
    }

    /** A number attribute as a long, 0 when absent. */
    public static long longOf(Map<String, AttributeValue> item, String name) {
        Long value = optLong(item, name);
        return value == null ? 0 : value;
    }

    public static double doubleOf(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
    }

    public static boolean boolOf(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /** Every item of a query, following {@code LastEvaluatedKey} until the end. */
    public static List<Map<String, AttributeValue>> queryAll(DynamoDbClient dynamo, QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(request).items().forEach(items::add);
        return items;
    }

    /**
     * A sort-key-safe form of an arbitrary identifier: the identifier itself when its UTF-8 form fits in
     * {@code maxBytes}, else a prefix of it plus {@code #h=} and a SHA-256 of the whole (URL-safe base64), so distinct
     * identifiers stay distinct and the key stays under DynamoDB's 1,024-byte limit. Keep the full identifier in an
     * attribute of the item when it must be read back.
     */
    public static String boundedKey(String identifier, int maxBytes) {
        byte[] bytes = identifier.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return identifier;
        }
        String hash = "#h=" + sha256(identifier);
        int budget = maxBytes - hash.length();
        StringBuilder prefix = new StringBuilder();
        int used = 0;
        for (int i = 0; i < identifier.length(); ) {
            int codePoint = identifier.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            prefix.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return prefix + hash;
    }

    /** SHA-256 of the text's UTF-8 bytes, URL-safe base64 without padding (43 characters). */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
