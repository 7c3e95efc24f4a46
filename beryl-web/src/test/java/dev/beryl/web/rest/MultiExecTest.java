package dev.beryl.web.rest;

import dev.beryl.resp.ErrorReply;
import dev.beryl.resp.RespDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultiExecTest {
    private static Object outcome(String resp) {
        return MultiExec.outcome(RespDecoder.decodeAll(resp.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrapsInMultiExec() {
        List<byte[][]> call = MultiExec.wrap(List.<byte[][]>of(new byte[][] {"set".getBytes(), "k".getBytes(), "v".getBytes()}));
        assertEquals(3, call.size());
        assertEquals("MULTI", new String(call.get(0)[0]));
        assertEquals("set", new String(call.get(1)[0]));
        assertEquals("EXEC", new String(call.get(2)[0]));
        RestError e = assertThrows(RestError.class, () -> MultiExec.wrap(List.<byte[][]>of(new byte[][] {"exec".getBytes()})));
        assertEquals("ERR EXEC is not allowed inside /multi-exec", e.getMessage());
        for (String name : List.of("Discard", "multi", "WATCH")) {
            assertThrows(RestError.class, () -> MultiExec.wrap(List.<byte[][]>of(new byte[][] {name.getBytes(), "k".getBytes()})));
        }
    }

    @Test
    void executedTransactionGivesOneReplyPerCommand() {
        Object o = outcome("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n-ERR value is not an integer or out of range\r\n");
        List<?> results = (List<?>) o;
        assertEquals(2, results.size());
        assertEquals(new ErrorReply("ERR value is not an integer or out of range"), results.get(1));
    }

    @Test
    void discardedTransactionGivesTheRefusal() {
        Object o = outcome("+OK\r\n+QUEUED\r\n-ERR unknown command 'foo', with args beginning with: \r\n"
                + "-EXECABORT Transaction discarded because of previous errors.\r\n");
        assertEquals(new ErrorReply("ERR unknown command 'foo', with args beginning with: "), o);
    }
}
