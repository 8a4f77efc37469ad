package io.vipwarden.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ObserverTest {
    @Test
    void shouldTellListenersWhoGainedAndLostTheVip() {
        AtomicReference<SortedSet<String>> holders = new AtomicReference<>(new TreeSet<>(Set.of("n1")));
        List<HolderChange> seen = new CopyOnWriteArrayList<>();
        try (Observer observer = Observer.start(holders::get, Duration.ofMillis(5), Clock.systemUTC())) {
            observer.addListener(seen::add);
            await().atMost(Duration.ofSeconds(2)).until(() -> !observer.samples().isEmpty());

            holders.set(new TreeSet<>(Set.of("n1", "n2")));
            await().atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 1);
            holders.set(new TreeSet<>(Set.of("n2")));
            await().atMost(Duration.ofSeconds(2)).until(() -> seen.size() == 2);
        }

        assertEquals(Set.of("n2"), seen.get(0).gained());
        assertEquals(Set.of(), seen.get(0).lost());
        assertEquals(Set.of("n1"), seen.get(1).lost());
        assertEquals(Set.of("n2"), seen.get(1).after());
    }

    @Test
    void shouldKeepSamplingAndRecordAFailingProbe() {
        try (Observer observer = Observer.start(() -> {
            throw new LabException("ip failed");
        }, Duration.ofMillis(5), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(2)).until(() -> observer.failure() != null);
            assertEquals("ip failed", observer.failure().getMessage());
        }
    }
}
