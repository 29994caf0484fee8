package com.edgeautopilot.coalescer.config;

import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.common.ConfigException;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which distributions a bucket's changes go to, and how keys become URL paths there. */
public final class RouteTable {

    private static final Set<String> FIELDS = Set.of("bucket", "distributionId", "originPath", "pathPrefix", "defaultRootObject", "directoryIndex");

    private final Map<String, List<OriginRoute>> byBucket;
    private final Set<String> distributionIds;

    public RouteTable(List<OriginRoute> routes) {
        Map<String, List<OriginRoute>> map = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        for (OriginRoute route : routes) {
            map.computeIfAbsent(route.bucket(), b -> new ArrayList<>()).add(route);
            ids.add(route.distributionId());
        }
        map.replaceAll((bucket, list) -> List.copyOf(list));
        this.byBucket = Map.copyOf(map);
        this.distributionIds = Set.copyOf(ids);
    }

    /** Routes for a bucket; empty when the bucket is not configured. */
    public List<OriginRoute> routesFor(String bucket) {
        return byBucket.getOrDefault(bucket, List.of());
    }

    /** Routes of one distribution (a distribution may serve several buckets). */
    public List<OriginRoute> routesOf(String distributionId) {
        List<OriginRoute> result = new ArrayList<>();
        byBucket.values().forEach(list -> list.stream().filter(r -> r.distributionId().equals(distributionId)).forEach(result::add));
        return result;
    }

    /** Raw URL paths a changed object is served at on one distribution (empty when no route serves it there). */
    public List<String> urlPaths(String distributionId, String bucket, String key) {
        Set<String> paths = new java.util.TreeSet<>();
        for (OriginRoute route : routesFor(bucket)) {
            if (route.distributionId().equals(distributionId)) {
                paths.addAll(route.urlPaths(key));
            }
        }
        return List.copyOf(paths);
    }

    public Set<String> distributionIds() {
        return distributionIds;
    }

    public Set<String> buckets() {
        return byBucket.keySet();
    }

    /**
     * Parses the JSON list of routes. {@code allowedDistributions}, when not empty, is the list IAM allows
     * (DISTRIBUTION_IDS): a route to any other distribution would fail at every flush, so it fails here instead.
     */
    public static RouteTable parse(String setting, String json, Set<String> allowedDistributions) {
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new ConfigException(setting, "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(setting, "must be a non-empty JSON list of routes like "
                    + "[{\"bucket\":\"my-site\",\"distributionId\":\"E2QWRUHAPOMQZL\",\"directoryIndex\":\"index.html\"}]");
        }
        List<OriginRoute> routes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = setting + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new ConfigException(where, "must be an object");
            }
            for (Object field : raw.keySet()) {
                if (!FIELDS.contains(String.valueOf(field))) {
                    throw new ConfigException(where, "has unknown field '" + field + "' (known: " + new TreeSet<>(FIELDS) + ")");
                }
            }
            String bucket = text(raw, "bucket", where, true);
            String distributionId = text(raw, "distributionId", where, true);
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigException(where + ".bucket", "'" + bucket + "' is not a valid S3 bucket name");
            }
            if (!distributionId.matches("[A-Z0-9]{10,20}")) {
                throw new ConfigException(where + ".distributionId", "'" + distributionId + "' is not a CloudFront distribution id");
            }
            if (!allowedDistributions.isEmpty() && !allowedDistributions.contains(distributionId)) {
                throw new ConfigException(where + ".distributionId", "'" + distributionId + "' is not in DISTRIBUTION_IDS " + allowedDistributions
                        + " (the function may only invalidate those)");
            }
            String originPath = pathSetting(raw, "originPath", where);
            String pathPrefix = pathSetting(raw, "pathPrefix", where);
            String root = objectName(raw, "defaultRootObject", where);
            String index = objectName(raw, "directoryIndex", where);
            if (!seen.add(bucket + "|" + distributionId + "|" + originPath + "|" + pathPrefix)) {
                throw new ConfigException(where, "duplicates an earlier route for bucket " + bucket + " and distribution " + distributionId);
            }
            routes.add(new OriginRoute(distributionId, bucket, originPath, pathPrefix, root, index));
        }
        return new RouteTable(routes);
    }

    private static String text(Map<?, ?> raw, String field, String where, boolean required) {
        Object value = raw.get(field);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                throw new ConfigException(where + "." + field, "is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ConfigException(where + "." + field, "must be a string");
        }
        return s.trim();
    }

    private static String pathSetting(Map<?, ?> raw, String field, String where) {
        String value = text(raw, field, where, false);
        if (value == null || value.equals("/")) {
            return "";
        }
        if (!value.startsWith("/") || value.endsWith("/") || value.contains("*") || value.contains("//")) {
            throw new ConfigException(where + "." + field, "must start with '/' and not end with '/' (like /site), got '" + value + "'");
        }
        return value;
    }

    private static String objectName(Map<?, ?> raw, String field, String where) {
        String value = text(raw, field, where, false);
        if (value != null && (value.contains("/") || value.contains("*"))) {
            throw new ConfigException(where + "." + field, "must be a file name like index.html, got '" + value + "'");
        }
        return value;
    }
}
