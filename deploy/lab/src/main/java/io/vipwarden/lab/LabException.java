package io.vipwarden.lab;

/** A lab step failed: a command exited non-zero, a process would not start, a wait timed out. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
