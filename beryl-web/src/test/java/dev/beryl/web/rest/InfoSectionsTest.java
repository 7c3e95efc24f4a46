package dev.beryl.web.rest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InfoSectionsTest {
    @Test
    void sectionsAndFields() {
        Map<String, Map<String, String>> s = InfoSections.parse("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n"
                + "# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n");
        assertEquals(List.of("server", "keyspace"), List.copyOf(s.keySet()));
        assertEquals("7.0.15", s.get("server").get("redis_version"));
        assertEquals(List.of("redis_version", "redis_mode"), List.copyOf(s.get("server").keySet()));
        assertEquals("keys=1,expires=0,avg_ttl=0", s.get("keyspace").get("db0"));
        assertEquals(Map.of(), InfoSections.parse(""));
    }
}
