package io.vipwarden.events;

/** A record that cannot be read as a vipwarden event; the message is the reason recorded in the dead-letter topic. */
public class MalformedEventException extends Exception {
    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
