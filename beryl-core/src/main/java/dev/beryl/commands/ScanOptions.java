package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;

/**
 * The options after a SCAN-family cursor, as Redis's scanGenericCommand reads them: COUNT, MATCH, and TYPE for SCAN
 * itself. A MATCH of "*" is kept as no pattern (it matches everything: no filtering); no TYPE is null.
 */
record ScanOptions(long count, byte[] pattern, byte[] type) {
    /** Parses argv[from..]; null once an error is replied. */
    static ScanOptions parse(Client c, byte[][] argv, int from, boolean typeAllowed) {
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = from; i < argv.length; i += 2) {
            boolean hasValue = argv.length - i >= 2;
            if (hasValue && CommandTable.is(argv[i], "count")) {
                if (!Numbers.isLong(argv[i + 1])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                count = Numbers.parseLongUnchecked(argv[i + 1], 0, argv[i + 1].length);
                if (count < 1) {
                    c.reply().error(Errors.SYNTAX);
                    return null;
                }
            } else if (hasValue && CommandTable.is(argv[i], "match")) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (hasValue && typeAllowed && CommandTable.is(argv[i], "type")) {
                type = argv[i + 1];
            } else {
                c.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        return new ScanOptions(count, pattern, type);
    }
}
