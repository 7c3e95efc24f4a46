package dev.beryl.server;

import dev.beryl.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * redis-server's command line: {@code [CONFIG_FILE] [--name value ...] [-]}. As Redis's main(), the options become
 * config lines ("--port 7777" gives 'port "7777"', each value quoted as sdscatrepr does) appended after the file's
 * text and stdin's, so that the last word on a setting wins and errors point at the line.
 */
record CommandLine(Path configFile, boolean fromStdin, String options, boolean noArguments) {

    static CommandLine parse(String[] argv) {
        if (argv.length == 0) return new CommandLine(null, false, "", true);
        int j = 0;
        Path file = null;
        if (!argv[0].startsWith("-")) {
            file = Path.of(argv[0]).toAbsolutePath();
            j = 1;
        }
        boolean stdin = false;
        StringBuilder options = new StringBuilder();
        boolean lastHasValue = true;
        for (; j < argv.length; j++) {
            String a = argv[j];
            if (a.equals("-") && (j == 0 || j == argv.length - 1)) {
                stdin = true;
            } else if (lastHasValue && a.startsWith("--")) {
                if (options.length() > 0) options.append('\n');
                options.append(a, 2, a.length()).append(' ');
                if (a.strip().split("\\s+").length == 1) {
                    // only the name ("--port"): its value follows, except for Redis's special cases of a
                    // valueless --save (meaning save "") and --sentinel
                    lastHasValue = false;
                    boolean nextIsOption = j != argv.length - 1 && argv[j + 1].startsWith("--");
                    if (a.equalsIgnoreCase("--save") && (nextIsOption || j == argv.length - 1)) {
                        options.append("\"\"");
                        lastHasValue = nextIsOption;
                    } else if (a.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        lastHasValue = true;
                    }
                } else {
                    lastHasValue = true;
                }
            } else {
                options.append(Config.quote(a)).append(' ');
                lastHasValue = true;
            }
        }
        return new CommandLine(file, stdin, options.toString(), false);
    }

    /** The configuration text as Redis's loadServerConfig joins it: file, stdin, then the options. */
    String configText(byte[] stdin) throws IOException {
        StringBuilder text = new StringBuilder();
        if (configFile != null) text.append(Files.readString(configFile, StandardCharsets.UTF_8));
        if (stdin != null) text.append(new String(stdin, StandardCharsets.UTF_8));
        if (!options.isEmpty()) text.append('\n').append(options);
        return text.toString();
    }
}
