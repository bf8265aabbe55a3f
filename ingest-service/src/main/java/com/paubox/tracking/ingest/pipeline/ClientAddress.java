package com.paubox.tracking.ingest.pipeline;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The client address as Quarkus resolved it (the peer, or X-Forwarded-For only from trusted proxies).
 * Parsed without DNS: anything that is not an IP literal is treated as unknown. Held in memory only.
 */
public record ClientAddress(String text, InetAddress address) {

    public static final ClientAddress UNKNOWN = new ClientAddress("unknown", null);

    public static ClientAddress of(String host) {
        if (host == null || host.isEmpty() || host.length() > 64) {
            return UNKNOWN;
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        if (!isIpLiteral(h)) {
            return UNKNOWN;
        }
        try {
            // An IP literal: InetAddress does not resolve it, so this never touches DNS.
            InetAddress address = InetAddress.getByName(h);
            return new ClientAddress(address.getHostAddress(), address);
        } catch (UnknownHostException e) {
            return UNKNOWN;
        }
    }

    /**
     * The rate-limit key: the IPv4 address, or the /64 prefix of an IPv6 address (one subscriber usually
     * holds a whole /64, so per-address limits would be trivial to dodge).
     */
    public String limitKey() {
        if (address == null) {
            return text;
        }
        byte[] b = address.getAddress();
        if (b.length == 16) {
            StringBuilder key = new StringBuilder("v6:");
            for (int i = 0; i < 8; i++) {
                key.append(String.format("%02x", b[i] & 0xff));
            }
            return key.toString();
        }
        return address.getHostAddress();
    }

    private static boolean isIpLiteral(String h) {
        boolean colon = h.indexOf(':') >= 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        if (!colon) {
            // Dotted quad only: four numbers.
            String[] parts = h.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
        }
        return true;
    }
}
