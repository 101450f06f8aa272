package dev.rsidiff.engine.cli;

/** Selects the command-line logging configuration; call first thing in a tool's main, before any logger exists. */
public final class CliLogging {

    private static final String PROPERTY = "logback.configurationFile";

    private CliLogging() {
    }

    public static void use() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "logback-cli.xml");
        }
    }
}
