package io.github.akoc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar authentik-opencloud-verify.jar verify ...}: the checks of the suite against a live deployment. */
@Command(name = "authentik-opencloud-verify", mixinStandardHelpOptions = true, subcommands = VerifyCommand.class,
        description = "Checks that authentik and OpenCloud agree on issuer, signing key and client ids, as the guide says.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 all passed, 1 a check failed, 2 bad input). */
    public static int run(String... args) {
        return run(new CommandLine(new Main()), args);
    }

    /** As {@link #run(String...)}, printing findings to out and errors to err. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        return run(cl, args);
    }

    private static int run(CommandLine cl, String... args) {
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see --help)");
            return VerifyCommand.EXIT_BAD_INPUT;
        });
        // An unexpected error is not a failed check (exit 1): nothing could be checked.
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("error: " + e);
            return VerifyCommand.EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("error: expected a command (verify); usage:");
        cl.usage(cl.getErr());
        return VerifyCommand.EXIT_BAD_INPUT;
    }
}
