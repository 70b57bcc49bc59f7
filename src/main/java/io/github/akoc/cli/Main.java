package io.github.akoc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar authentik-opencloud-verify.jar verify ...}: the checks of the suite against a live deployment. */
@Command(name = "authentik-opencloud-verify", mixinStandardHelpOptions = true, subcommands = VerifyCommand.class,
        description = "Checks that authentik and OpenCloud agree on issuer, signing key and client ids, as the guide says.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 all passed, 1 a check failed, 2 bad input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see --help)");
            return VerifyCommand.EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
