package dev.beryl.web.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL form of a command, as Upstash has it: {@code /set/foo/bar} is SET foo bar; a POST body is appended as
 * the last argument ({@code POST /set/foo} with body bar); then query parameters follow as more arguments
 * ({@code ?EX=100} adds EX 100). Percent-decoding is done here, to bytes, so binary keys and values can be
 * written in a URL. The servlet container (Servlet 6.0 rules) refuses paths holding %2F, %2E, %5C or %23 before
 * they reach us: keys with '/', '\' or '#' go in a JSON body instead. The {@code _token} parameter is the
 * credential, not an argument.
 */
public final class PathCommand {
    static final String TOKEN_PARAM = "_token";

    private PathCommand() {}

    /**
     * @param rawPath the raw (still percent-encoded) path below the application root, without leading slash
     * @param rawQuery the raw query string, or null
     * @param body the request body to append, or null for none (GET)
     */
    public static byte[][] parse(String rawPath, String rawQuery, byte[] body) {
        List<byte[]> args = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) args.add(percentDecode(segment, false));
        if (args.get(0).length == 0) throw RestError.badRequest("ERR empty command");
        if (body != null) args.add(body);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String param : rawQuery.split("&")) {
                if (param.isEmpty()) continue;
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                if (name.equals(TOKEN_PARAM)) continue;
                args.add(percentDecode(name, true));
                if (eq >= 0) args.add(percentDecode(param.substring(eq + 1), true));
            }
        }
        return args.toArray(new byte[0][]);
    }

    /** The {@code _token} query parameter's value, or null. */
    public static String token(String rawQuery) {
        if (rawQuery == null) return null;
        for (String param : rawQuery.split("&")) {
            if (param.startsWith(TOKEN_PARAM + "=")) {
                return new String(percentDecode(param.substring(TOKEN_PARAM.length() + 1), true), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** %XX to the byte XX; in a query string '+' is a space (form encoding), in a path it is itself. */
    static byte[] percentDecode(String s, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] chars = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < chars.length; i++) {
            byte c = chars[i];
            if (c == '%') {
                int hi = i + 2 < chars.length ? Character.digit(chars[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(chars[i + 2], 16) : -1;
                if (lo < 0) throw RestError.badRequest("ERR invalid percent-encoding in URL");
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
