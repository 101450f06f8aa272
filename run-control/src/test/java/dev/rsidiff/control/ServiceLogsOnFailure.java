package dev.rsidiff.control;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gives a loop test (its test method, or its constructor and {@code @BeforeAll} for a fleet shared by the class) a
 * {@link ServiceLogs} directory, emptied first; when a test fails, its failure carries the services' last
 * warnings and errors from it, so that a CI report says what the services saw.
 */
final class ServiceLogsOnFailure implements ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServiceLogsOnFailure.class);
    private static final int LINES_PER_LOG = 12;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServiceLogs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String name = context.getTestMethod().map(m -> m.getName()).orElse("class");
        ServiceLogs logs = new ServiceLogs(Path.of("target", "service-logs",
                context.getRequiredTestClass().getSimpleName(), name).toAbsolutePath());
        empty(logs.dir());
        context.getStore(NAMESPACE).put(ServiceLogs.class, logs);
        return logs;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        List<ServiceLogs> used = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional.ofNullable(c.get().getStore(NAMESPACE).get(ServiceLogs.class, ServiceLogs.class)).ifPresent(used::add);
        }
        StringBuilder digest = new StringBuilder();
        for (ServiceLogs logs : used) {
            digest.append(logs.digest(LINES_PER_LOG));
        }
        if (digest.isEmpty()) {
            throw failure;
        }
        AssertionError explained = new AssertionError(failure + "\n--- the services' last warnings and errors (full logs in "
                + used.get(0).dir() + ") ---" + digest, failure);
        throw explained;
    }

    private static void empty(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Preparing the service log directory " + dir, e);
        }
    }
}
