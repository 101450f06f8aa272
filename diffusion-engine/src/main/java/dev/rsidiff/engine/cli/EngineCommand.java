package dev.rsidiff.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the engine jar. */
@Command(name = "engine", mixinStandardHelpOptions = true, subcommands = {BenchCommand.class, PretrainCommand.class, SheetCommand.class, GenerateCommand.class,
        PositionProbeCommand.class},
        description = "The diffusion engine: benchmark, pretrain the base model, sample.")
public final class EngineCommand {

    private EngineCommand() {
    }

    public static void main(String[] args) {
        CliLogging.use();
        System.exit(new CommandLine(new EngineCommand()).execute(args));
    }
}
