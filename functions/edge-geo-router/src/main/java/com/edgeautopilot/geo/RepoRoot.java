package com.edgeautopilot.geo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the repository root: the folder holding template.yaml and the geo router's function source. */
public final class RepoRoot {

    /** System property the root pom's Surefire configuration sets to the reactor root. */
    public static final String PROPERTY = "edgeautopilot.repoRoot";

    private RepoRoot() {
    }

    /** {@code -Dedgeautopilot.repoRoot}, else the nearest folder above {@code start} holding template.yaml. */
    public static Optional<Path> find(Path start) {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Optional.of(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (isRoot(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Optional<Path> find() {
        return find(Path.of(""));
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("template.yaml")) && Files.isRegularFile(p.resolve(PolicyRenderer.FUNCTION_SOURCE));
    }
}
