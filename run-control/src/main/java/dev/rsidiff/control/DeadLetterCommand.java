package dev.rsidiff.control;

import dev.rsidiff.schemas.Topic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rsi dlt list|replay TOPIC}: see why records were dead-lettered, and re-drive them after a fix. */
@Command(name = "dlt", mixinStandardHelpOptions = true,
        description = "A topic's dead letters: 'list' shows each with its reason, 'replay' writes them back to the topic "
                + "(each once; the stages are idempotent, so work done meanwhile is not repeated).")
final class DeadLetterCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "list or replay")
    String action;

    @Parameters(index = "1", description = "The topic, e.g. rsidiff.images.generated or images.generated")
    String topic;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Give --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
        }
        Topic<String, ?> t;
        try {
            t = DeadLetters.topic(topic);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DeadLetters letters = new DeadLetters(bootstrapServers);
        PrintWriter out = spec.commandLine().getOut();
        List<DeadLetters.Letter> shown = switch (action) {
            case "list" -> letters.list(t);
            case "replay" -> letters.replay(t);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Action must be list or replay, got '" + action + "'");
        };
        for (DeadLetters.Letter l : shown) {
            out.printf("%s-%d@%d  key %s  from %s  %s%n", t.deadLetterName(), l.partition(), l.offset(), l.key(),
                    l.origin(), l.reason());
        }
        out.printf("%d dead letter(s) %s%n", shown.size(), action.equals("list") ? "in " + t.deadLetterName()
                : "replayed to " + t.name());
        out.flush();
        return 0;
    }
}
