package io.vipwarden.lab;

import java.time.Instant;

/**
 * One notify FIFO line, e.g. {@code INSTANCE "VI_1" MASTER 100}, and when the lab read it.
 *
 * @param nanos {@link System#nanoTime()} at the read, to measure against other steps
 */
public record FifoLine(Instant at, long nanos, String text) {
}
