package dev.beryl.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** FUNCTION FLUSH and the absent subcommands, byte for byte with Redis 7.0.15. */
class FunctionCommandsTest {
    @RegisterExtension
    static final CommandCalls calls = new CommandCalls();

    @Test
    void flush() {
        assertEquals("+OK\r\n", calls.call("FUNCTION", "FLUSH"));
        assertEquals("+OK\r\n", calls.call("function", "flush", "async"));
        assertEquals("+OK\r\n", calls.call("FUNCTION", "FLUSH", "SYNC"));
        assertEquals(error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option"), calls.call("FUNCTION", "FLUSH", "x"));
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP."),
                calls.call("FUNCTION", "FLUSH", "SYNC", "x"));
        assertEquals(error("ERR wrong number of arguments for 'function' command"), calls.call("FUNCTION"));
        assertEquals(error("ERR unknown subcommand 'LOAD'. Try FUNCTION HELP."), calls.call("FUNCTION", "LOAD", "x"));
    }
}
