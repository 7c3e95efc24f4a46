package dev.beryl.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options text redis-server 7.0.15's main() builds from the same arguments. */
class CommandLineTest {
    @Test
    void optionsBecomeConfigLinesWithQuotedValues() {
        CommandLine cl = CommandLine.parse(new String[] {"/etc/r.conf", "--port", "7777", "--loglevel", "verbose"});
        assertEquals("/etc/r.conf", cl.configFile().toString());
        assertEquals("port \"7777\" \nloglevel \"verbose\" ", cl.options());
    }

    @Test
    void nameAndValueInOneArgumentAndValuesStartingWithDashes() {
        assertEquals("port 7777 ", CommandLine.parse(new String[] {"--port 7777"}).options());
        assertEquals("logfile \"--my--log--file\" \nloglevel \"--bla\" ",
                CommandLine.parse(new String[] {"--logfile", "--my--log--file", "--loglevel", "--bla"}).options());
    }

    @Test
    void emptySaveAndStdin() {
        assertEquals("save \"\"\nport \"1\" ", CommandLine.parse(new String[] {"--save", "--port", "1"}).options());
        assertEquals("port \"1\" \nsave \"\"", CommandLine.parse(new String[] {"--port", "1", "--save"}).options());
        CommandLine stdin = CommandLine.parse(new String[] {"--port", "1", "-"});
        assertTrue(stdin.fromStdin());
        assertNull(stdin.configFile());
        assertTrue(CommandLine.parse(new String[0]).noArguments());
    }
}
