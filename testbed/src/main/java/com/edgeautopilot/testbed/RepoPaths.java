package com.edgeautopilot.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the repository's shared files are, seen from a test in any module.
 *
 * <p>The root is the folder holding {@code template.yaml}: the system property {@code edgeautopilot.repoRoot}
 * (set by the root pom's Surefire configuration) when it points at such a folder, otherwise the nearest such
 * folder walking up from the working directory (a module folder when Maven or an IDE runs the tests).
 */
public final class RepoPaths {

    /** System property naming the repository root; the root pom's Surefire configuration sets it. */
    public static final String REPO_ROOT_PROPERTY = "edgeautopilot.repoRoot";
    static final String TEMPLATE = "template.yaml";

    private RepoPaths() {
    }

    /** The repository root (the folder holding template.yaml); fails with the places it looked when there is none. */
    public static Path root() {
        List<Path> candidates = candidates();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(TEMPLATE))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the repository root: no " + TEMPLATE + " in " + candidates
                + ". Run the tests from the repository (or a module folder), or set -D" + REPO_ROOT_PROPERTY + "=<repo root>.");
    }

    /** {@code <root>/template.yaml}. */
    public static Path template() {
        return root().resolve(TEMPLATE);
    }

    /** {@code <root>/samconfig.toml}: the deploy environments ({@link SamConfig}). */
    public static Path samconfig() {
        return root().resolve("samconfig.toml");
    }

    /** {@code <root>/events}: the sample events shared by {@code sam local invoke -e} and the tests. */
    public static Path eventsDir() {
        return root().resolve("events");
    }

    /** The text of a sample event, e.g. {@code event("sqs/s3-put.json")}; fails naming the full path when absent. */
    public static String event(String relativePath) {
        Path file = eventsDir().resolve(relativePath).normalize();
        if (!file.startsWith(eventsDir())) {
            throw new IllegalArgumentException("event path escapes events/: " + relativePath);
        }
        return read(file);
    }

    /** Reads a UTF-8 text file, failing with its path. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /**
     * A scratch folder for logs and files a test run leaves behind for debugging: {@code target/testbed} of the
     * module under test when there is a {@code target} folder in the working directory, else a folder under the
     * system temp directory.
     */
    public static Path outputDir() {
        Path target = Paths.get("").toAbsolutePath().resolve("target");
        Path dir = Files.isDirectory(target)
                ? target.resolve("testbed")
                : Paths.get(System.getProperty("java.io.tmpdir"), "edge-autopilot-testbed");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e, e);
        }
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            candidates.add(Paths.get(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Paths.get("").toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (!candidates.contains(dir)) {
                candidates.add(dir);
            }
        }
        return candidates;
    }
}
