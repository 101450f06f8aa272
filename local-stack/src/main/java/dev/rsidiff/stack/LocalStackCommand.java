package dev.rsidiff.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code rsi stack}: starts the local stack, prints its endpoints, runs until interrupted. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Start a real Kafka broker (KRaft) and a real S3 API server (S3Proxy) on 127.0.0.1, "
                + "create every topic, print the endpoints, and run until Ctrl-C.")
public final class LocalStackCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = ".rsi/stack",
            description = "Directory holding broker logs, objects and state; reuse it to keep data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--exit-after-start", description = "Stop again right after start-up (to check or time it).")
    boolean exitAfterStart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalStack stack = LocalStack.start(dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        out.printf("Local stack up in %d ms (data in %s)%n", stack.startTime().toMillis(), stack.endpoints().dataDir());
        out.println("Topics (partitions):");
        for (Map.Entry<String, Integer> t : stack.topicPartitions().entrySet()) {
            out.printf("  %-36s %d%n", t.getKey(), t.getValue());
        }
        out.println("Environment for services (local-stack credentials, not for production):");
        stack.endpoints().asEnvironment().forEach((k, v) -> out.printf("export %s=%s%n", k, v));
        out.flush();
        if (!exitAfterStart) {
            stopped.await();
        }
        return 0;
    }
}
