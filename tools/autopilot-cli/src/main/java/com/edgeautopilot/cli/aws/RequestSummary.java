package com.edgeautopilot.cli.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A readable rendering of an SDK request: its members by their API names. Abridged (replay's default): long strings
 * cut (saying how long they were), long lists and maps shortened, nesting limited. Whole ({@code replay --full}):
 * every member as sent, so a published message (a failover notice, a cost digest) reads as subscribers get it. Binary
 * values are shown by their size either way. For humans reading {@code ./autopilot replay} output, not a wire format.
 */
final class RequestSummary {

    static final int MAX_STRING = 200;
    static final int MAX_ITEMS = 10;
    static final int MAX_DEPTH = 5;

    static Map<String, Object> of(SdkPojo request, boolean whole) {
        return new RequestSummary(whole).pojo(request, 0);
    }

    private final boolean whole;

    private RequestSummary(boolean whole) {
        this.whole = whole;
    }

    private Map<String, Object> pojo(SdkPojo pojo, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) {
                continue;
            }
            out.put(field.memberName(), render(value, depth + 1));
        }
        return out;
    }

    private Object render(Object value, int depth) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String s) {
            return whole || s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING) + "… (" + s.length() + " chars; --full shows it whole)";
        }
        if (value instanceof SdkBytes bytes) {
            return "<" + bytes.asByteArrayUnsafe().length + " bytes>";
        }
        if (value instanceof SdkPojo pojo) {
            return !whole && depth > MAX_DEPTH ? "{…}" : pojo(pojo, depth);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Object item : collection) {
                if (!whole && i++ == MAX_ITEMS) {
                    out.add("… " + (collection.size() - MAX_ITEMS) + " more");
                    break;
                }
                out.add(!whole && depth > MAX_DEPTH ? "…" : render(item, depth + 1));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!whole && i++ == MAX_ITEMS) {
                    out.put("…", (map.size() - MAX_ITEMS) + " more");
                    break;
                }
                out.put(String.valueOf(e.getKey()), !whole && depth > MAX_DEPTH ? "…" : render(e.getValue(), depth + 1));
            }
            return out;
        }
        return render(String.valueOf(value), depth);
    }
}
