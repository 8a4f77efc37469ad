package io.vipwarden.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vipwarden.events.VrrpState;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LabNodeTest {
    /** Trimmed from a real keepalived 2.2.7 dump. */
    private static final String DUMP = """
            [{"data":{"iname":"VI_1","ifp_ifname":"vw0","vrid":51,"base_priority":100,"effective_priority":100,
            "vipset":true,"state":%d,"wantstate":2,"version":2,"vips":["192.0.2.100\\/24 dev vw0 scope global set"]},
            "stats":{"advert_rcvd":0,"advert_sent":2,"become_master":1}}]""";

    @Test
    void shouldReadTheInstanceStateFromTheJsonDump() throws IOException {
        assertEquals(VrrpState.BACKUP, LabNode.parseState(DUMP.formatted(1)));
        assertEquals(VrrpState.MASTER, LabNode.parseState(DUMP.formatted(2)));
        assertEquals(VrrpState.FAULT, LabNode.parseState(DUMP.formatted(3)));
        assertEquals(VrrpState.UNKNOWN, LabNode.parseState(DUMP.formatted(42)));
    }

    @Test
    void shouldRefuseADumpWithoutTheInstance() {
        assertThrows(IOException.class, () -> LabNode.parseState("[{\"data\":{\"iname\":\"OTHER\",\"state\":2}}]"));
    }

    /** keepalived renames an empty file over the dump and then fills it: such a read must fail, so it is retried. */
    @Test
    void shouldRefuseADumpThatIsEmptyOrStillBeingWritten() {
        String full = DUMP.formatted(2);
        assertThrows(IOException.class, () -> LabNode.parseState(""));
        assertThrows(IOException.class, () -> LabNode.parseState(full.substring(0, full.length() / 2)));
        assertThrows(IOException.class, () -> LabNode.parseState("{}"));
    }
}
