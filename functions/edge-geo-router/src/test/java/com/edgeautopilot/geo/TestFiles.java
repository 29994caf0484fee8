package com.edgeautopilot.geo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Repository files the tests read: found through -Dedgeautopilot.repoRoot or by walking up to template.yaml. */
final class TestFiles {

    static final Path ROOT = RepoRoot.find()
            .orElseThrow(() -> new IllegalStateException("cannot find the repository root (template.yaml) from "
                    + Path.of("").toAbsolutePath()));
    static final Path MODULE = ROOT.resolve("functions").resolve("edge-geo-router");

    private TestFiles() {
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String functionSource() {
        return read(ROOT.resolve(PolicyRenderer.FUNCTION_SOURCE));
    }

    static String shippedPolicy() {
        return read(MODULE.resolve("policy.json"));
    }

    static String testPolicy() {
        return read(MODULE.resolve("test").resolve("fixtures").resolve("policy.test.json"));
    }
}
