package dev.beryl.command;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArgumentSyntaxTest {
    private static String tree(String syntax) {
        return ArgumentSyntax.parse(syntax).toString();
    }

    @Test
    void leavesTokensAndOptional() {
        assertEquals("[{key:key ks=0}, {value:string}, {get:pure-token token=GET optional}]",
                tree("key:key value:string [GET]"));
        assertEquals("[{message:string optional}]", tree("[message:string]"));
    }

    @Test
    void namedOneofWithTokenedAlternatives() {
        assertEquals("[{condition:oneof since=2.6.12 optional [{nx:pure-token token=NX}, {xx:pure-token token=XX}]}, "
                        + "{expiration:oneof optional [{seconds:integer token=EX since=2.6.12}, "
                        + "{unix-time-seconds:unix-time token=EXAT since=6.2.0}, {keepttl:pure-token token=KEEPTTL}]}]",
                tree("[condition:NX|XX]@2.6.12 [expiration:EX seconds:integer@2.6.12|EXAT unix-time-seconds:unix-time@6.2.0|KEEPTTL]"));
    }

    @Test
    void multipleAndMultipleToken() {
        assertEquals("[{key:key ks=0 multiple}]", tree("key:key ..."));
        assertEquals("[{weight:integer token=WEIGHTS optional multiple}]", tree("[WEIGHTS weight:integer ...]"));
        assertEquals("[{pattern:pattern token=GET ks=1 optional multiple multiple_token}]", tree("[GET pattern:pattern#1]..."));
    }

    @Test
    void blocks() {
        assertEquals("[{offset_count:block token=LIMIT optional [{offset:integer}, {count:integer}]}]",
                tree("[offset_count:LIMIT offset:integer count:integer]"));
        assertEquals("[{data:block multiple [{key:key ks=0}, {value:string}]}]", tree("data:(key:key value:string) ..."));
        assertEquals("[{parameter:block multiple [{parameter:string}]}]", tree("parameter:(parameter:string) ..."));
        assertEquals("[{aggregate:oneof token=AGGREGATE optional [{sum:pure-token token=SUM}, {min:pure-token token=MIN}]}]",
                tree("[AGGREGATE aggregate:(SUM|MIN)]"));
    }

    @Test
    void renamedPureTokenAndKeySpecIndexes() {
        assertEquals("[{key:key ks=0}, {sorting:pure-token token=ALPHA optional}, {destination:key token=STORE ks=2 optional}]",
                tree("key:key [sorting:ALPHA] [STORE destination:key#2]"));
        assertEquals("[{source:key ks=0}, {destination:key ks=1}]", tree("source:key destination:key"));
    }

    @Test
    void requiredOneofOutsideGroups() {
        assertEquals("[{source:key ks=0}, {wherefrom:oneof [{left:pure-token token=LEFT}, {right:pure-token token=RIGHT}]}]",
                tree("source:key wherefrom:LEFT|RIGHT"));
    }

    @Test
    void tokenFollowedByTightOneof() {
        assertEquals("[{kind:oneof token=TYPE optional [{normal:pure-token token=NORMAL}, {pubsub:pure-token token=PUBSUB}]}]",
                tree("[TYPE kind:NORMAL|PUBSUB]"));
    }

    @Test
    void malformed() {
        assertThrows(IllegalArgumentException.class, () -> ArgumentSyntax.parse("[NX|XX"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentSyntax.parse("a:string ]"));
        assertThrows(IllegalArgumentException.class, () -> ArgumentSyntax.parse("[|NX]"));
    }
}
