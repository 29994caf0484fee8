package com.edgeautopilot.cli.demo;

import com.edgeautopilot.cli.aws.AwsTarget;
import com.edgeautopilot.cli.functions.ResourceBinder;
import com.edgeautopilot.testbed.TemplateModel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What scenes share: the repository and its template, the embedded stand-ins (started on first use, stopped when the
 * demo ends), the options, the narration and progress, and where function logs go.
 */
public final class Stage implements AutoCloseable {

    /** Demo options: {@code --files}, {@code --seed}. */
    record Options(int files, long seed) {
    }

    private final Path repoRoot;
    private final TemplateModel template;
    private final Options options;
    private final Narrator narrator;
    private final Progress progress;
    private final PrintStream logs;
    private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private AwsTarget aws;
    private ResourceBinder resources;

    Stage(Path repoRoot, TemplateModel template, Options options, Narrator narrator, Progress progress, PrintStream logs) {
        this.repoRoot = repoRoot;
        this.template = template;
        this.options = options;
        this.narrator = narrator;
        this.progress = progress;
        this.logs = logs;
    }

    Path repoRoot() {
        return repoRoot;
    }

    TemplateModel template() {
        return template;
    }

    Options options() {
        return options;
    }

    Narrator narrator() {
        return narrator;
    }

    Progress progress() {
        return progress;
    }

    /** Where the functions' own log lines and metrics go. */
    PrintStream logs() {
        return logs;
    }

    /** The embedded stand-ins, started on first use. */
    AwsTarget aws() {
        if (aws == null) {
            aws = AwsTarget.embedded(progress::note);
        }
        return aws;
    }

    boolean awsStarted() {
        return aws != null;
    }

    /** Template resources on the stand-ins, named uniquely for this run. */
    ResourceBinder resources() {
        if (resources == null) {
            resources = new ResourceBinder(template, aws(), "-demo-" + runId);
        }
        return resources;
    }

    @Override
    public void close() {
        if (aws != null) {
            aws.close();
        }
    }
}
