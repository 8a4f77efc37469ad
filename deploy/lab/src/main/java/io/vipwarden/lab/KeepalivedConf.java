package io.vipwarden.lab;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Renders a node's keepalived.conf the way the cloud vendors' HaVip/HAVIP guides write it: every
 * node {@code state BACKUP} with {@code nopreempt}, unicast (source address plus every peer),
 * gratuitous ARP after becoming MASTER and periodically while MASTER; plus what vipwarden's agent
 * reads and writes: the notify FIFO in {@code global_defs} and a fence {@code track_file} with
 * weight 0 (any non-zero value puts the instance in FAULT). No {@code vrrp_strict}: it breaks unicast.
 *
 * <p>The JSON state dump needs no setting: Debian builds keepalived with {@code --enable-json}, and
 * the dump is written on the JSON signal to {@code $TMPDIR/keepalived.json} (see {@link LabNode}).
 */
public final class KeepalivedConf {
    /** The VRRP instance name every node uses. */
    public static final String INSTANCE = "VI_1";
    /** The interface inside each node namespace (a veth; never a host interface). */
    public static final String INTERFACE = "vw0";

    private KeepalivedConf() {
    }

    /** The configuration of node {@code index} (1-based). */
    public static String render(LabSpec spec, int index, Path notifyFifo, Path trackFile) {
        String self = spec.nodeAddress(index);
        String peers = IntStream.rangeClosed(1, spec.nodeCount())
                .filter(i -> i != index)
                .mapToObj(i -> "        " + spec.nodeAddress(i))
                .collect(Collectors.joining("\n"));
        String advertInt = spec.advertIntSeconds().stripTrailingZeros().toPlainString();
        return """
                ! vipwarden lab node n%1$d: written by io.vipwarden.lab.KeepalivedConf
                global_defs {
                    router_id n%1$d
                    vrrp_notify_fifo %2$s
                }

                ! The node fence: vipwarden's agent writes a non-zero value here to demote this node.
                ! init_file without overwrite: a restart must not lift a fence.
                track_file fence {
                    file "%3$s"
                    weight 0
                    init_file 0
                }

                vrrp_instance %4$s {
                    state BACKUP
                    nopreempt
                    interface %5$s
                    virtual_router_id %6$d
                    priority %7$d
                    advert_int %8$s
                    version %9$d
                    garp_master_delay %10$d
                    garp_master_refresh %11$d
                    unicast_src_ip %12$s
                    unicast_peer {
                %13$s
                    }
                    virtual_ipaddress {
                        %14$s/%15$d dev %5$s
                    }
                    track_file {
                        fence weight 0
                    }
                }
                """.formatted(index, notifyFifo, trackFile, INSTANCE, INTERFACE, spec.virtualRouterId(),
                spec.nodePriority(index), advertInt, spec.vrrpVersion(), spec.garpMasterDelaySeconds(),
                spec.garpMasterRefreshSeconds(), self, peers, spec.vip(), LabSpec.PREFIX_LENGTH);
    }
}
