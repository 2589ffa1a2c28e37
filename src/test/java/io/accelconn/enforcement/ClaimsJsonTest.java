package io.accelconn.enforcement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.policy.NicSettings;

class ClaimsJsonTest {

    private final Claims claims = new Claims(null, null, new ObjectMapper());

    @Test
    void theSameTagsReadTheSameWhateverTheirOrder() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("owner", "netops");
        one.put("AcceleratedConnections", "true");
        one.put("env", "prod");
        Map<String, String> other = new HashMap<>();
        other.put("env", "prod");
        other.put("owner", "netops");
        other.put("AcceleratedConnections", "true");

        String a = claims.json(new NicSettings("AcceleratedConnections", "A4", one));
        String b = claims.json(new NicSettings("AcceleratedConnections", "A4", other));

        assertEquals("{\"auxiliaryMode\":\"AcceleratedConnections\",\"auxiliarySku\":\"A4\","
                + "\"tags\":{\"AcceleratedConnections\":\"true\",\"env\":\"prod\",\"owner\":\"netops\"}}", a);
        assertEquals(a, b);
        assertEquals(claims.settings(a), claims.settings(b));
    }
}
