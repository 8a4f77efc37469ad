package io.vipwarden.agent.lint;

import java.util.OptionalLong;

/** Just enough IPv4 to check a VIP against a vSwitch CIDR, without name lookups. */
public final class Ipv4 {
    private Ipv4() {
    }

    /** The address as an unsigned 32-bit value, or empty when it is not a dotted IPv4 address. */
    public static OptionalLong parse(String address) {
        if (address == null) {
            return OptionalLong.empty();
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return OptionalLong.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return OptionalLong.empty();
            }
            value = (value << 8) | octet;
        }
        return OptionalLong.of(value);
    }

    public static boolean isIpv4(String address) {
        return parse(address).isPresent();
    }

    /** Whether {@code cidr} ("a.b.c.d/n") is well formed. */
    public static boolean isCidr(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0 || !isIpv4(cidr.substring(0, slash))) {
            return false;
        }
        try {
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            return bits >= 0 && bits <= 32;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether the IPv4 address lies in the CIDR; false when either is malformed. */
    public static boolean inCidr(String address, String cidr) {
        if (!isCidr(cidr)) {
            return false;
        }
        int slash = cidr.indexOf('/');
        OptionalLong addr = parse(address);
        OptionalLong net = parse(cidr.substring(0, slash));
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        if (addr.isEmpty() || net.isEmpty()) {
            return false;
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (addr.getAsLong() & mask) == (net.getAsLong() & mask);
    }
}
