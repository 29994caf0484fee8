package com.edgeautopilot.cli;

import java.util.List;

/** One {@code ./autopilot} command. */
public interface Command {

    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text. */
    String help();

    /** Runs with the arguments after the command name; returns the exit status. */
    int run(List<String> args, Io io) throws Exception;
}
