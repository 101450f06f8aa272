package dev.rsidiff.stack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * JUnit extension that gives tests the local stack: one real broker and S3 server per test JVM, started on first
 * use, stopped and deleted when the JVM's tests are done. Tests receive {@link StackEndpoints} (or the
 * {@link LocalStack}) as a parameter; they keep their data apart by using fresh run ids, keys and consumer groups.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == StackEndpoints.class || type == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = stack(context);
        return parameter.getParameter().getType() == LocalStack.class ? stack : stack.endpoints();
    }

    private static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", k -> new RunningStack(), RunningStack.class).stack;
    }

    /** Closed by JUnit when the root context ends. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit < 5.13, AutoCloseable for newer
    private static final class RunningStack implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Path dir;
        final LocalStack stack;
        private boolean closed;

        RunningStack() {
            try {
                dir = Files.createTempDirectory("rsidiff-test-stack");
                stack = LocalStack.start(dir);
            } catch (Exception e) {
                throw new IllegalStateException("Local stack failed to start: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            stack.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
