package dev.rsidiff.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The five services as child processes, each started from its own jar ({@code <service>/target/<service>.jar}) and
 * configured only through environment variables, as an operator would run them. Output goes to
 * {@code <logs>/<service>.log}.
 */
public final class ServiceFleet implements AutoCloseable {

    public static final List<String> SERVICES = List.of(
            "prompt-service", "generator-service", "scorer-service", "weighting-service", "trainer-service");

    private final Path root;
    private final Path logs;
    private final Map<String, String> environment;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    /** What to do once a process has exited (keep the class-data archive it recorded), done once. */
    private final Map<Process, Runnable> afterExit = new LinkedHashMap<>();

    /**
     * @param root        directory holding the service modules (the repository root)
     * @param logs        where each service's output goes
     * @param environment settings for every service (stack endpoints and overrides)
     */
    public ServiceFleet(Path root, Path logs, Map<String, String> environment) {
        this.root = root;
        this.logs = logs;
        this.environment = Map.copyOf(environment);
    }

    public static Path jar(Path root, String service) {
        return root.resolve(service).resolve("target").resolve(service + ".jar");
    }

    /** Starts every service and waits until all report UP. */
    public void startAll(Duration timeout) throws IOException, InterruptedException {
        for (String s : SERVICES) {
            start(s);
        }
        for (String s : SERVICES) {
            awaitHealthy(s, timeout);
        }
    }

    /**
     * Starts {@code instance}: a service's name, or {@code <service>@<name>} for a further instance of it (its own
     * port and log file, the same settings), as an operator scales a service out.
     */
    public synchronized void start(String instance) throws IOException {
        start(instance, Map.of());
    }

    /** Starts {@code instance} with settings of its own on top of the fleet's (a fault test's switch, say). */
    public synchronized void start(String instance, Map<String, String> extraEnvironment) throws IOException {
        String service = instance.contains("@") ? instance.substring(0, instance.indexOf('@')) : instance;
        Path jar = jar(root, service);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No jar for " + service + " at " + jar + ": build it with ./mvnw -B install -DskipTests");
        }
        Files.createDirectories(logs);
        Integer port = ports.get(instance);
        if (port == null) {
            port = freePort(ports.values());
            ports.put(instance, port);
        }
        ClassDataSharing classData = new ClassDataSharing(jar);
        ClassDataSharing.Start shared = classData.start(!instance.contains("@")); // further instances only read it
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC"));
        command.addAll(shared.options());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(instance + ".log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        HostShareDefaults.apply(builder.environment(), Runtime.getRuntime().availableProcessors(), SERVICES.size());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        Process process = builder.start();
        processes.put(instance, process);
        shared.recording().ifPresent(recording -> afterExit.put(process, () -> classData.adopt(recording,
                process.exitValue())));
        process.onExit().thenAccept(p -> {
            runAfterExit(p);
            noteIfUnexpected(instance, p);
        });
    }

    /** Run here as well as in {@link #close}, which must not return before it ran (the caller may exit next). */
    private synchronized void runAfterExit(Process process) {
        Runnable work = afterExit.remove(process);
        if (work != null) {
            work.run();
        }
    }

    /**
     * A process that exits while the fleet still counts it as running (not killed, stopped or closed by it) is noted
     * in {@code <logs>/fleet.log}: a crash, an OOM kill or a halt leaves nothing in the service's own log.
     */
    private synchronized void noteIfUnexpected(String instance, Process process) {
        if (processes.get(instance) != process) {
            return;
        }
        try {
            Files.writeString(logs.resolve("fleet.log"), Instant.now() + " " + instance + " (pid "
                    + process.pid() + ") exited by itself with status " + process.exitValue() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Noting the exit of " + instance + " in " + logs, e);
        }
    }

    public void awaitHealthy(String service, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = processes.get(service);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(service + " exited during start-up; see " + logs.resolve(service + ".log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + ports.get(service) + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(service + " not healthy after " + timeout.toSeconds() + " s; see "
                + logs.resolve(service + ".log"));
    }

    /** The service's metrics as it serves them now, in Prometheus' text format. */
    public String metrics(String service) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.get(service) + "/prometheus"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(service + " answered " + r.statusCode() + " for its metrics");
        }
        return r.body();
    }

    /** SIGKILL: the process gets no chance to flush, commit or clean up. */
    public synchronized void kill(String service) throws InterruptedException {
        Process p = processes.remove(service);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: the service stops in order (the record in hand finishes) within 60 s, else it is killed. */
    public synchronized void stop(String service) throws InterruptedException {
        Process p = processes.remove(service);
        if (p != null) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGSTOP: the process stalls where it is, as in a long GC pause or a frozen VM, and misses its heartbeats. */
    public void pause(String service) throws IOException, InterruptedException {
        signal(service, "STOP");
    }

    /** SIGCONT: a paused process goes on from where it stalled, unaware of the time that passed. */
    public void resume(String service) throws IOException, InterruptedException {
        signal(service, "CONT");
    }

    private void signal(String service, String signal) throws IOException, InterruptedException {
        Process p = running(service);
        int status = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + " (" + service + ") exited with " + status);
        }
    }

    /** Waits until {@code service} exits by itself and returns its exit status. */
    public int awaitExit(String service, Duration timeout) throws InterruptedException {
        Process p = running(service);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(service + " still running after " + timeout.toSeconds() + " s");
        }
        synchronized (this) {
            processes.remove(service, p);
        }
        return p.exitValue();
    }

    /** The process id of a running instance (for measuring it from /proc). */
    public long pid(String service) {
        return running(service).pid();
    }

    private synchronized Process running(String service) {
        Process p = processes.get(service);
        if (p == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return p;
    }

    public synchronized boolean isAlive(String service) {
        Process p = processes.get(service);
        return p != null && p.isAlive();
    }

    /** SIGTERM to every service, then waits for clean exits. */
    @Override
    public synchronized void close() {
        List<Process> closing = List.copyOf(processes.values());
        processes.clear();
        closing.forEach(Process::destroy);
        for (Process p : closing) {
            try {
                if (p.waitFor(30, TimeUnit.SECONDS)) {
                    runAfterExit(p);
                } else {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /**
     * A port that nothing listens on now and that no instance of this fleet was given. Why the second: an instance
     * binds its port seconds after it is given it, and until then the system may offer the same port again. Two
     * instances given one port then both look healthy through the one that bound it, while the other has exited
     * (seen once in CI: the weighting service, in EarlyStopIT).
     */
    private static int freePort(Collection<Integer> given) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!given.contains(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException("No free port", e);
            }
        }
        throw new IllegalStateException("No free port besides the fleet's own " + given + " after 100 tries");
    }
}
