package dev.beryl.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    @Test
    void redisGlobRules() {
        assertTrue(Glob.match("*", "anything", false));
        assertTrue(Glob.match("h?llo", "hello", false));
        assertTrue(Glob.match("h[ae]llo", "hallo", false));
        assertFalse(Glob.match("h[^e]llo", "hello", false));
        assertTrue(Glob.match("h[a-b]llo", "hbllo", false));
        assertTrue(Glob.match("h\\*llo", "h*llo", false));
        assertFalse(Glob.match("h\\*llo", "hello", false));
        assertTrue(Glob.match("foo*", "foo", false));
        assertTrue(Glob.match("*bar", "foobar", false));
        assertFalse(Glob.match("*bar", "foobaz", false));
        assertTrue(Glob.match("MAX*", "maxmemory", true));
        assertFalse(Glob.match("MAX*", "maxmemory", false));
        assertTrue(Glob.match("a*b*c", "aXXbYYc", false));
        assertFalse(Glob.match("[", "x", false));
    }

    @Test
    void nestedStarsTerminateQuickly() {
        String p = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
        assertFalse(Glob.match(p, "a".repeat(60), false));
    }
}
