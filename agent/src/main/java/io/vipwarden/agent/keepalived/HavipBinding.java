package io.vipwarden.agent.keepalived;

import io.vipwarden.agent.config.AgentConfig.HavipConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A HaVip of the agent config tied to its keepalived instance: named in the config
 * ({@code vrrp.instance}) or found by its VIP in {@code virtual_ipaddress}.
 *
 * @param instance the instance as keepalived.conf defines it; empty when the file does not have it
 *                 (the agent still reports what keepalived says about {@code instanceName})
 */
public record HavipBinding(HavipConfig havip, String instanceName, String vip, Optional<VrrpInstanceConf> instance) {

    public String havipId() {
        return havip.id();
    }

    /** The bindings, plus a problem line per HaVip that could not be tied to an instance. */
    public record Result(List<HavipBinding> bindings, List<String> problems) {
    }

    public static Result bind(List<HavipConfig> havips, KeepalivedConf conf) {
        List<HavipBinding> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (HavipConfig h : havips) {
            Optional<VrrpInstanceConf> instance;
            if (!h.vrrpInstance().isEmpty()) {
                instance = conf == null ? Optional.empty() : conf.instance(h.vrrpInstance());
                if (conf != null && instance.isEmpty()) {
                    problems.add("HaVip " + h.id() + ": vrrp_instance " + h.vrrpInstance() + " is not in "
                            + conf.mainFile());
                }
                String vip = !h.vip().isEmpty() ? h.vip()
                        : instance.flatMap(i -> i.vipAddresses().stream().findFirst()).orElse("");
                out.add(new HavipBinding(h, h.vrrpInstance(), vip, instance));
            } else {
                instance = conf == null ? Optional.empty() : conf.instanceWithVip(h.vip());
                if (instance.isEmpty()) {
                    problems.add("HaVip " + h.id() + ": no vrrp_instance has " + h.vip() + " in virtual_ipaddress");
                    continue;
                }
                out.add(new HavipBinding(h, instance.get().name(), h.vip(), instance));
            }
        }
        return new Result(List.copyOf(out), List.copyOf(problems));
    }
}
