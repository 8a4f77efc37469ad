package io.vipwarden.agent.lint;

import java.util.Set;

/** The keywords keepalived (2.2) knows in the blocks the linter checks for unknown keywords. */
final class Keywords {
    private Keywords() {
    }

    private static Set<String> set(String... keywords) {
        return Set.copyOf(java.util.Arrays.asList(keywords));
    }

    static final Set<String> TOP_LEVEL = set("global_defs", "vrrp_script", "track_file", "vrrp_track_file",
            "vrrp_sync_group", "vrrp_instance", "virtual_server", "virtual_server_group", "static_ipaddress",
            "static_routes", "static_rules", "include", "net_namespace", "net_namespace_ipvs", "track_process",
            "vrrp_track_process", "bfd_instance", "garp_group", "linkbeat_use_polling", "instance", "use_pid_dir",
            "namespace_with_ipsets", "checker_process_name", "vrrp_process_name", "bfd_process_name",
            "process_names", "child_wait_time", "$");

    static final Set<String> GLOBAL_DEFS = set("router_id", "notification_email", "notification_email_from",
            "smtp_server", "smtp_connect_timeout", "smtp_helo_name", "smtp_alert", "smtp_alert_vrrp",
            "smtp_alert_checker", "enable_traps", "enable_snmp_vrrp", "enable_snmp_checker", "enable_snmp_rfc",
            "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_snmp_keepalived", "snmp_socket", "vrrp_mcast_group4",
            "vrrp_mcast_group6", "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh",
            "vrrp_garp_master_refresh_repeat", "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat",
            "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert",
            "vrrp_version", "vrrp_iptables", "vrrp_ipsets", "vrrp_nftables", "vrrp_nftables_priority",
            "vrrp_nftables_ifindex", "vrrp_check_unicast_src", "vrrp_skip_check_adv_addr", "vrrp_strict",
            "vrrp_priority", "checker_priority", "bfd_priority", "vrrp_no_swap", "checker_no_swap", "bfd_no_swap",
            "vrrp_rt_priority", "checker_rt_priority", "bfd_rt_priority", "vrrp_rlimit_rttime",
            "checker_rlimit_rttime", "vrrp_cpu_affinity", "checker_cpu_affinity", "bfd_cpu_affinity",
            "script_user", "enable_script_security", "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo",
            "vrrp_notify_fifo_script", "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_id", "lvs_sync_daemon",
            "lvs_flush", "lvs_flush_onstop", "lvs_timeouts", "dynamic_interfaces", "vrrp_startup_delay",
            "vrrp_min_garp", "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
            "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force", "process_names",
            "process_name", "vrrp_process_name", "checker_process_name", "bfd_process_name", "max_auto_priority",
            "min_auto_priority_delay", "tmp_config_directory", "instance", "net_namespace", "namespace_with_ipsets",
            "use_pid_dir", "default_interface", "enable_dbus", "dbus_service_name", "json_version",
            "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "random_seed", "reload_check_config",
            "reload_time_file", "reload_repeat", "reload_file", "config_save_dir", "umask", "script_security",
            "vrrp_garp_extra_if", "vrrp_skip_check_adv_addr", "no_email_faults", "fifo_write_vrrp_states_on_reload",
            "vrrp_owner_ignore_priority", "vrrp_socket_priority", "disable_local_igmp", "checker_log_all_failures",
            "smtp_server_port", "email_from", "vrrp_track_process_no_ipv6", "vrrp_dont_defer_master");

    static final Set<String> VRRP_INSTANCE = set("state", "interface", "virtual_router_id", "priority",
            "advert_int", "nopreempt", "preempt", "preempt_delay", "unicast_src_ip", "unicast_peer", "unicast_ttl",
            "unicast_fault_no_peer", "mcast_src_ip", "virtual_ipaddress", "virtual_ipaddress_excluded",
            "virtual_routes", "virtual_rules", "track_script", "track_interface", "track_file", "track_process",
            "track_bfd", "garp_master_delay", "garp_master_repeat", "garp_master_refresh",
            "garp_master_refresh_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat", "garp_interval",
            "gna_interval", "lower_prio_no_advert", "higher_prio_send_advert", "authentication", "notify",
            "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify_deleted",
            "notify_master_rx_lower_pri", "notify_priority_changes", "smtp_alert", "dont_track_primary",
            "skip_check_adv_addr", "check_unicast_src", "strict_mode", "version", "use_vmac", "vmac_xmit_base",
            "use_ipvlan", "native_ipv6", "accept", "no_accept", "debug", "promote_secondaries",
            "linkbeat_use_polling", "kernel_rx_buf_size", "old_unicast_checksum", "down_timer_adverts",
            "garp_extra_if", "track_src_ip", "vrrp_skip_check_adv_addr");

    static final Set<String> VRRP_SCRIPT = set("script", "interval", "timeout", "weight", "rise", "fall", "user",
            "init_fail");

    static final Set<String> TRACK_FILE = set("file", "weight", "init_file");
}
