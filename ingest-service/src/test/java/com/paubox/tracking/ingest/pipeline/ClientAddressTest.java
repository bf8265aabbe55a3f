package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    @Test
    void ipv4() {
        ClientAddress a = ClientAddress.of("81.2.69.142");
        assertEquals("81.2.69.142", a.limitKey());
        assertEquals("81.2.69.142", a.address().getHostAddress());
    }

    @Test
    void ipv6SharesALimitPerSlash64() {
        assertEquals(ClientAddress.of("2001:db8:1:2::1").limitKey(), ClientAddress.of("[2001:db8:1:2:ffff::9]").limitKey());
        assertEquals("v6:20010db800010002", ClientAddress.of("2001:db8:1:2::1").limitKey());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "unknown", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "_hidden", "localhost" })
    void notAnIpLiteralIsUnknownWithoutDns(String host) {
        assertNull(ClientAddress.of(host).address());
    }
}
