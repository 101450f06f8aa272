package dev.rsidiff.control.report;

/** The run exists but has stored nothing a report could show yet (no evaluated or weighted round). */
public final class NothingToReportException extends RuntimeException {

    public NothingToReportException(String message) {
        super(message);
    }
}
