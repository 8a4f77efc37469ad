package io.vipwarden.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KeepalivedConfTest {
    private static final Path FIFO = Path.of("/run/lab/n1/notify.fifo");
    private static final Path TRACK = Path.of("/run/lab/n1/fence");

    @Test
    void shouldWriteTheVendorGuideShapeForAPair() {
        String conf = KeepalivedConf.render(LabSpec.pair(), 1, FIFO, TRACK);

        for (String line : new String[] {"state BACKUP", "nopreempt", "interface vw0", "virtual_router_id 51",
                "priority 100", "advert_int 1", "version 2", "garp_master_delay 1", "garp_master_refresh 5",
                "unicast_src_ip 192.0.2.11", "192.0.2.100/24 dev vw0", "vrrp_notify_fifo /run/lab/n1/notify.fifo",
                "file \"/run/lab/n1/fence\"", "fence weight 0"}) {
            assertTrue(conf.contains(line), () -> "missing '" + line + "' in\n" + conf);
        }
        assertFalse(conf.contains("vrrp_strict"), "vrrp_strict breaks unicast");
        assertTrue(conf.contains("init_file 0\n"), "a restart must not lift a fence: init_file without overwrite");
    }

    @Test
    void shouldListEveryOtherNodeAsUnicastPeerButNotItself() {
        String conf = KeepalivedConf.render(LabSpec.pair().withNodes(3), 2, FIFO, TRACK);
        String peers = conf.substring(conf.indexOf("unicast_peer {"), conf.indexOf("}", conf.indexOf("unicast_peer {")));

        assertTrue(peers.contains("192.0.2.11") && peers.contains("192.0.2.13"), peers);
        assertFalse(peers.contains("192.0.2.12"), peers);
        assertTrue(conf.contains("unicast_src_ip 192.0.2.12"));
        assertTrue(conf.contains("priority 90"));
    }

    @Test
    void shouldWriteFractionalAdvertIntForVrrpv3() {
        String conf = KeepalivedConf.render(LabSpec.pair().withVrrp(3, new BigDecimal("0.20")), 1, FIFO, TRACK);

        assertTrue(conf.contains("advert_int 0.2\n"), conf);
        assertTrue(conf.contains("version 3"), conf);
    }
}
