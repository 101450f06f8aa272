package dev.rsidiff.stack;

import dev.rsidiff.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates every topic with its declared partition count, plus one dead-letter topic per topic, and reports what
 * exists. Existing topics are kept as they are (a restart must not lose data), but a partition count lower than
 * declared is an error, since consumer groups would then scale less than the deployment expects.
 */
public final class TopicProvisioner {

    /** Dead-letter topics need no parallelism: one partition keeps poison records in arrival order. */
    public static final int DEAD_LETTER_PARTITIONS = 1;
    private static final short REPLICATION = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicProvisioner() {
    }

    /** Ensures every topic and its dead-letter topic exist; returns each topic's partition count by name. */
    public static Map<String, Integer> provision(String bootstrapServers, List<? extends Topic<?, ?>> topics)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        return provision(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /** As {@link #provision(String, List)}, with every admin client setting given (TLS and SASL included). */
    public static Map<String, Integer> provision(Map<String, Object> adminSettings, List<? extends Topic<?, ?>> topics)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        try (Admin admin = Admin.create(adminSettings)) {
            List<NewTopic> wanted = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                wanted.add(new NewTopic(topic.name(), topic.partitions(), REPLICATION));
                wanted.add(new NewTopic(topic.deadLetterName(), DEAD_LETTER_PARTITIONS, REPLICATION));
            }
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, wanted.stream().map(NewTopic::name).toList());
            Map<String, Integer> partitions = new TreeMap<>();
            for (NewTopic t : wanted) {
                int actual = described.get(t.name()).partitions().size();
                if (actual < t.numPartitions()) {
                    throw new IllegalStateException("Topic " + t.name() + " has " + actual
                            + " partitions, fewer than the declared " + t.numPartitions());
                }
                partitions.put(t.name(), actual);
            }
            return partitions;
        }
    }

    /**
     * The topics' descriptions, asked again while the broker does not know one yet: right after their creation a
     * broker may answer before the new topics' metadata has reached it (a retriable error; it failed a start of the
     * local stack once in CI).
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
