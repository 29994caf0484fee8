package com.edgeautopilot.coalescer.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a bucket's objects appear on a distribution, and so which URL paths a changed key must invalidate.
 *
 * @param distributionId    the CloudFront distribution
 * @param bucket            the S3 bucket behind one of its origins
 * @param originPath        the origin's {@code OriginPath}: {@code ""} or e.g. {@code "/site"}. Key
 *                          {@code site/a.html} is served at {@code /a.html}; keys outside it are not served by this
 *                          route. {@code null} and {@code "/"} mean {@code ""}; a trailing {@code /} is dropped.
 * @param pathPrefix        {@code ""} or e.g. {@code "/static"}: prepended to every URL path (the behaviour serves
 *                          the origin under a prefix). {@code null} and {@code "/"} mean {@code ""}.
 * @param defaultRootObject {@code null} or e.g. {@code "index.html"}: the object served for the root URL, so key
 *                          {@code <originPath>/index.html} also invalidates {@code /} (with a path prefix:
 *                          {@code <pathPrefix>/}). Blank means {@code null}.
 * @param directoryIndex    {@code null} or e.g. {@code "index.html"}: the site serves {@code docs/index.html} at
 *                          {@code /docs/} and {@code /docs} too (S3 website endpoints, or a viewer-request function
 *                          that appends the index), so those are invalidated as well. Blank means {@code null}.
 */
public record OriginRoute(String distributionId, String bucket, String originPath, String pathPrefix,
                          String defaultRootObject, String directoryIndex) {

    public OriginRoute {
        Objects.requireNonNull(distributionId, "distributionId");
        Objects.requireNonNull(bucket, "bucket");
        if (distributionId.isBlank() || bucket.isBlank()) {
            throw new IllegalArgumentException("a route needs a distributionId and a bucket");
        }
        originPath = normalisePrefix("originPath", originPath);
        pathPrefix = normalisePrefix("pathPrefix", pathPrefix);
        defaultRootObject = normaliseObjectName("defaultRootObject", defaultRootObject);
        directoryIndex = normaliseObjectName("directoryIndex", directoryIndex);
    }

    /** A route for a whole bucket served at the root of a distribution, without index documents. */
    public static OriginRoute of(String distributionId, String bucket) {
        return new OriginRoute(distributionId, bucket, "", "", null, null);
    }

    /**
     * Raw (decoded, not yet URL-encoded) URL paths under which a viewer can get the object, for a decoded S3 key.
     * The object's own path comes first, then the index aliases ({@code /dir/}, {@code /dir}, {@code /}).
     *
     * @param decodedKey the object key as stored in S3 (already form-decoded from the event)
     * @return the paths, empty when the key is outside this route's origin path
     */
    public List<String> urlPaths(String decodedKey) {
        Objects.requireNonNull(decodedKey, "decodedKey");
        String relative;
        if (originPath.isEmpty()) {
            relative = decodedKey;
        } else {
            // originPath "/site" serves key "site/<rest>" at "/<rest>"
            int cut = originPath.length(); // "site/" is as long as "/site"
            if (decodedKey.length() < cut || !decodedKey.startsWith(originPath.substring(1))
                    || decodedKey.charAt(cut - 1) != '/') {
                return List.of();
            }
            relative = decodedKey.substring(cut);
        }
        if (relative.isEmpty()) {
            return List.of();
        }
        List<String> paths = new ArrayList<>(3);
        paths.add(pathPrefix + "/" + relative);
        if (defaultRootObject != null && relative.equals(defaultRootObject)) {
            add(paths, pathPrefix + "/");
        }
        if (directoryIndex != null) {
            String name = relative.substring(relative.lastIndexOf('/') + 1);
            if (name.equals(directoryIndex)) {
                String directory = relative.substring(0, relative.length() - name.length()); // "" or "docs/"
                add(paths, pathPrefix + "/" + directory);
                if (!directory.isEmpty()) {
                    add(paths, pathPrefix + "/" + directory.substring(0, directory.length() - 1));
                } else if (!pathPrefix.isEmpty()) {
                    add(paths, pathPrefix);
                }
            }
        }
        return List.copyOf(paths);
    }

    /** Whether {@code decodedKey} is served by this route at all. */
    public boolean serves(String decodedKey) {
        return !urlPaths(decodedKey).isEmpty();
    }

    private static void add(List<String> paths, String path) {
        if (!paths.contains(path)) {
            paths.add(path);
        }
    }

    private static String normalisePrefix(String field, String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty()) {
            return "";
        }
        if (!v.startsWith("/") || v.contains("*") || v.contains("//")) {
            throw new IllegalArgumentException(field + " must be empty or start with '/' (like /site), without '*' or '//': '" + value + "'");
        }
        return v;
    }

    private static String normaliseObjectName(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.startsWith("/") || v.endsWith("/") || v.contains("*")) {
            throw new IllegalArgumentException(field + " must be an object name like index.html, without a leading or trailing '/': '" + value + "'");
        }
        return v;
    }
}
