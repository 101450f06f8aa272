package dev.rsidiff.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the local-stack jar: {@code stack} and {@code topics}. */
@Command(name = "rsi", mixinStandardHelpOptions = true, subcommands = {LocalStackCommand.class, ProvisionTopicsCommand.class},
        description = "Infrastructure commands of RSIDiff on Kafka.")
public final class InfraCommand {

    private InfraCommand() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new InfraCommand()).execute(args));
    }
}
