package io.vipwarden.agent.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotifyLineTest {
    @ParameterizedTest
    @EnumSource(value = VrrpState.class, names = {"MASTER", "BACKUP", "FAULT", "STOP", "DELETED", "MASTER_RX_LOWER_PRI",
            "MASTER_PRIORITY", "BACKUP_PRIORITY"})
    void shouldReadEveryStateKeepalivedWrites(VrrpState state) {
        NotifyLine line = NotifyLine.parse("INSTANCE \"VI_1\" " + state.name() + " 100").orElseThrow();
        assertEquals(new NotifyLine(Kind.INSTANCE, "VI_1", state, 100), line);
    }

    @Test
    void shouldReadGroupLinesAndUnquotedNotifyScriptArguments() {
        assertEquals(new NotifyLine(Kind.GROUP, "G 1", VrrpState.FAULT, 0),
                NotifyLine.parse("GROUP \"G 1\" FAULT 0").orElseThrow());
        assertEquals(new NotifyLine(Kind.INSTANCE, "VI_2", VrrpState.BACKUP, 90),
                NotifyLine.parse("  INSTANCE VI_2 BACKUP 90\n").orElseThrow());
        assertEquals(new NotifyLine(Kind.GROUP, "G1", VrrpState.MASTER, 0),
                NotifyLine.parse("GROUP G1 MASTER").orElseThrow(), "older keepalived omits the group priority");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "INSTANCE", "INSTANCE \"VI_1\"", "INSTANCE \"VI_1\" SLEEPING 100",
            "VIRTUAL \"VI_1\" MASTER 100", "INSTANCE \"VI_1\" MASTER high", "INSTANCE \"VI_1\" MASTER 300",
            "INSTANCE \"VI_1 MASTER 100", "INSTANCE \"VI_1\" MASTER 100 extra", "INSTANCE \"\" MASTER 100"})
    void shouldRefuseMalformedLines(String line) {
        assertTrue(NotifyLine.parse(line).isEmpty(), line);
    }
}
