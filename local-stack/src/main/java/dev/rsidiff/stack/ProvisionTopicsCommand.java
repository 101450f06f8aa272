package dev.rsidiff.stack;

import dev.rsidiff.schemas.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rsi topics}: creates every topic and dead-letter topic on an existing Kafka cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create every topic (with its partition count) and its dead-letter topic on a Kafka cluster; "
                + "existing topics are kept.")
public final class ProvisionTopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "No Kafka given: pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Integer> partitions = TopicProvisioner.provision(bootstrapServers, Topics.all());
        partitions.forEach((name, n) -> out.printf("  %-36s %d%n", name, n));
        out.flush();
        return 0;
    }
}
