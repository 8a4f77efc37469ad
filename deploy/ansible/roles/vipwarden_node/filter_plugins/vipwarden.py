# Filters of the vipwarden_node role: the fleet-wide inventory checks and the rollout waves.
# Kept in Python because both are small graph/set computations that Jinja makes unreadable.
from __future__ import annotations

import ipaddress
import re

_INSTANCE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")


def _members(havip):
    return [m.get("host") for m in havip.get("members", [])]


def vipwarden_inventory_problems(havips, hostvars, hosts, max_havips_per_host=5):
    """Every problem of the fleet description, so one run lists them all (never only the first).

    havips: the vipwarden_havips list; hostvars: Ansible's hostvars; hosts: every host of the inventory.
    """
    problems = []
    if not isinstance(havips, list) or not havips:
        return ["vipwarden_havips must be a non-empty list of HaVips"]
    seen_ids = set()
    seen_vips = {}
    vrids = {}
    per_host = {}
    for i, havip in enumerate(havips):
        hid = havip.get("id")
        where = "vipwarden_havips[%d]%s" % (i, " (%s)" % hid if hid else "")
        if not hid:
            problems.append("%s: id is missing" % where)
        elif hid in seen_ids:
            problems.append("%s: id %s is used twice" % (where, hid))
        seen_ids.add(hid)
        instance = havip.get("instance", hid) or ""
        if not _INSTANCE_NAME.match(str(instance)):
            problems.append("%s: instance name %r must be 1-60 of letters, digits, '_', '.', '-'" % (where, instance))
        vpc = havip.get("vpc")
        if not vpc:
            problems.append("%s: vpc is missing (virtual_router_id must be unique per VPC)" % where)
        vrid = havip.get("virtual_router_id")
        if not isinstance(vrid, int) or not 1 <= vrid <= 255:
            problems.append("%s: virtual_router_id must be an integer 1..255, got %r" % (where, vrid))
        elif vpc:
            other = vrids.get((vpc, vrid))
            if other:
                problems.append("%s: virtual_router_id %d is already used by %s in VPC %s; VRRP adverts of "
                                "the two would mix (unicast or not, the cloud's switch sees both)"
                                % (where, vrid, other, vpc))
            else:
                vrids[(vpc, vrid)] = hid
        vip = havip.get("vip")
        try:
            address = ipaddress.ip_address(str(vip))
            if address.version != 4:
                problems.append("%s: vip %s is not IPv4 (a HaVip is one IPv4 address)" % (where, vip))
            elif (vpc, vip) in seen_vips:
                problems.append("%s: vip %s is also HaVip %s" % (where, vip, seen_vips[(vpc, vip)]))
            else:
                seen_vips[(vpc, vip)] = hid
            cidr = havip.get("vswitch_cidr")
            if cidr:
                if address not in ipaddress.ip_network(str(cidr), strict=False):
                    problems.append("%s: vip %s is outside vswitch_cidr %s" % (where, vip, cidr))
        except ValueError as e:
            problems.append("%s: vip %r: %s" % (where, vip, e))
        auth = havip.get("auth_pass")
        if auth is not None and len(str(auth)) > 8:
            problems.append("%s: auth_pass is longer than 8 characters; keepalived would truncate it" % where)
        advert = havip.get("advert_int", 1)
        if not isinstance(advert, int) or not 1 <= advert <= 255:
            problems.append("%s: advert_int must be whole seconds 1..255 (VRRPv2), got %r" % (where, advert))
        members = havip.get("members", [])
        if not 2 <= len(members) <= 3:
            problems.append("%s: a HaVip has 2 or 3 members, got %d" % (where, len(members)))
        priorities = set()
        ips = set()
        for m in members:
            host = m.get("host")
            if host not in hosts:
                problems.append("%s: member %r is not a host of the inventory" % (where, host))
                continue
            per_host.setdefault(host, []).append(hid)
            prio = m.get("priority")
            if not isinstance(prio, int) or not 1 <= prio <= 254:
                problems.append("%s: member %s priority must be 1..254, got %r" % (where, host, prio))
            elif prio in priorities:
                problems.append("%s: member %s priority %d is not unique in the HaVip; equal priorities "
                                "make the winner depend on addresses" % (where, host, prio))
            priorities.add(prio)
            ip = hostvars.get(host, {}).get("vipwarden_unicast_ip")
            if not ip:
                problems.append("%s: host %s has no vipwarden_unicast_ip" % (where, host))
            elif ip in ips:
                problems.append("%s: two members share the address %s" % (where, ip))
            ips.add(ip)
    for host, ids in sorted(per_host.items()):
        if len(ids) > max_havips_per_host:
            problems.append("host %s serves %d HaVips (%s); at most %d per server"
                            % (host, len(ids), ", ".join(ids), max_havips_per_host))
    return problems


def vipwarden_rollout_waves(havips, hosts):
    """host -> wave number, such that no two members of one HaVip are in the same wave.

    Rolling wave by wave then restarts at most one node of every HaVip at a time, while nodes of
    different HaVips change in parallel. Greedy colouring in host-name order: stable between runs.
    """
    neighbours = {h: set() for h in hosts}
    for havip in havips:
        members = [h for h in _members(havip) if h in neighbours]
        for h in members:
            neighbours[h].update(m for m in members if m != h)
    waves = {}
    for host in sorted(hosts):
        taken = {waves[n] for n in neighbours[host] if n in waves}
        wave = 0
        while wave in taken:
            wave += 1
        waves[host] = wave
    return waves


def vipwarden_node_havips(havips, host):
    """The HaVips a host is a member of, each with 'me' (its member entry) and 'peers' (the others)."""
    out = []
    for havip in havips:
        mine = [m for m in havip.get("members", []) if m.get("host") == host]
        if mine:
            item = dict(havip)
            item["me"] = mine[0]
            item["peers"] = [m for m in havip.get("members", []) if m.get("host") != host]
            out.append(item)
    return out


class FilterModule(object):
    def filters(self):
        return {
            "vipwarden_inventory_problems": vipwarden_inventory_problems,
            "vipwarden_rollout_waves": vipwarden_rollout_waves,
            "vipwarden_node_havips": vipwarden_node_havips,
        }
