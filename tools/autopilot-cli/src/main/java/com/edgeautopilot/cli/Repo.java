package com.edgeautopilot.cli;

import com.edgeautopilot.testbed.TemplateModel;
import com.edgeautopilot.testbed.RepoPaths;

import java.nio.file.Path;

/** The repository the CLI works on: {@code -Dedgeautopilot.repoRoot} (set by ./autopilot), else found above the working directory. */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        try {
            return RepoPaths.root();
        } catch (IllegalStateException e) {
            throw CliException.failure(e.getMessage());
        }
    }

    public static TemplateModel template() {
        try {
            return TemplateModel.load(root().resolve("template.yaml"));
        } catch (IllegalArgumentException e) {
            throw CliException.failure(e.getMessage());
        }
    }

    /** A path as the user should read it: relative to the working directory when inside it. */
    public static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
