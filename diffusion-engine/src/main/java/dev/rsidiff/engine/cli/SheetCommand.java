package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.world.Images;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rsi engine sheet}: the contact sheet of a checkpoint (default: G0) for the fixed prompt list. */
@Command(name = "sheet", mixinStandardHelpOptions = true,
        description = "Write the contact sheet (8 seeds x 10 fixed prompts) of a checkpoint.")
public final class SheetCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", description = "Checkpoint file (default: the shipped G0).")
    Path checkpoint;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Checkpoint ckpt = CheckpointIO.readFileOrBase(checkpoint);
        try (DiffusionModel model = ckpt.toModel()) {
            Files.write(out, Images.png(PretrainCommand.contactSheet(model)));
        }
        spec.commandLine().getOut().printf("contact sheet of %s written to %s%n", ckpt.header().id(), out);
        return 0;
    }
}
