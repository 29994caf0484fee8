package com.edgeautopilot.cli;

import com.edgeautopilot.cli.demo.DemoCommand;
import com.edgeautopilot.cli.plan.PlanCommand;
import com.edgeautopilot.cli.policy.PolicyCommand;
import com.edgeautopilot.cli.replay.ReplayCommand;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./autopilot}: see what Edge Autopilot does before deploying it, and ask it questions afterwards.
 *
 * <p>{@link #run(String[], PrintStream, PrintStream)} runs a command in process and returns its exit status (tests
 * call it with captured streams); {@link #main} exits with it.
 */
public final class Main {

    static final List<Command> COMMANDS = List.of(new DemoCommand(), new ReplayCommand(), new PlanCommand(), new PolicyCommand());

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, Io.system());
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, new Io(System.in, out, err, System.getenv()));
    }

    /** With standard input and environment of the caller's choosing. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, new Io(in, out, err, env));
    }

    public static int run(String[] args, Io io) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || (args[0].equals("help") && args.length == 1)) {
            io.out().print(help());
            return args.length == 0 ? CliException.USAGE : 0;
        }
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (name.equals("help")) {
            name = args[1];
            rest = List.of("--help");
        }
        String wanted = name;
        Command command = COMMANDS.stream().filter(c -> c.name().equals(wanted)).findFirst().orElse(null);
        if (command == null) {
            io.err().println("error: unknown command '" + name + "'");
            io.err().print(help());
            return CliException.USAGE;
        }
        try {
            return command.run(rest, io);
        } catch (CliException e) {
            io.err().println("error: " + e.getMessage());
            if (e.getCause() != null && debug(io)) {
                e.getCause().printStackTrace(io.err());
            }
            return e.exitStatus();
        } catch (Exception | LinkageError e) {
            io.err().println("error: " + command.name() + " failed unexpectedly: " + e);
            if (debug(io)) {
                e.printStackTrace(io.err());
            } else {
                io.err().println("(set AUTOPILOT_DEBUG=1 for the stack trace)");
            }
            return CliException.FAILURE;
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    private static boolean debug(Io io) {
        String value = io.env().get("AUTOPILOT_DEBUG");
        return value != null && !value.isBlank() && !value.equals("0");
    }

    static String help() {
        StringBuilder text = new StringBuilder("""
                Usage: ./autopilot COMMAND [OPTIONS]

                Edge Autopilot on your machine: the real functions, on local stand-ins for AWS (DynamoDB Local in
                process, moto's server on 127.0.0.1). Nothing is deployed and no AWS account is used.

                Commands:
                """);
        for (Command command : COMMANDS) {
            text.append(String.format("  %-14s %s%n", command.name().equals("policy") ? "policy check" : command.name(), command.summary()));
        }
        text.append("""

                Run ./autopilot COMMAND --help for a command's options. Exit status: 0 success, 1 failure, 2 usage error.
                Set AUTOPILOT_DEBUG=1 for stack traces.
                """);
        return text.toString();
    }
}
