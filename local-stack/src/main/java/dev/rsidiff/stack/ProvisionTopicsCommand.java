package dev.rsidiff.stack;

import dev.rsidiff.schemas.Topics;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code rsi topics}: creates every topic and dead-letter topic on an existing Kafka cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create every topic (with its partition count) and its dead-letter topic on a Kafka cluster; "
                + "existing topics are kept.")
public final class ProvisionTopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE", description = "A properties file of Kafka client"
            + " settings (security.protocol, ssl.*, sasl.*), as kafka-topics.sh takes it, for a secured cluster.")
    Path commandConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "No Kafka given: pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> settings = new HashMap<>();
        if (commandConfig != null) {
            Properties given = new Properties();
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                given.load(in);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--command-config " + commandConfig + " cannot be read: " + e.getMessage());
            }
            given.forEach((k, v) -> settings.put(k.toString(), v));
        }
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Map<String, Integer> partitions = TopicProvisioner.provision(settings, Topics.all());
        partitions.forEach((name, n) -> out.printf("  %-36s %d%n", name, n));
        out.flush();
        return 0;
    }
}
