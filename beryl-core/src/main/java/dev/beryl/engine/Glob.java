package dev.beryl.engine;

/**
 * Glob-style matching on bytes with Redis's rules (stringmatchlen): '*', '?', '[...]' with ranges and '^',
 * and '\' escapes. Used by KEYS, SCAN MATCH, CONFIG GET and friends.
 */
public final class Glob {
    private Glob() {}

    public static boolean match(byte[] pattern, byte[] s, boolean nocase) {
        return match(pattern, 0, pattern.length, s, 0, s.length, nocase, new boolean[1]);
    }

    public static boolean match(String pattern, String s, boolean nocase) {
        return match(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8), s.getBytes(java.nio.charset.StandardCharsets.UTF_8), nocase);
    }

    private static int at(byte[] b, int i, int end) {
        return i < end ? b[i] & 0xff : 0;
    }

    private static int lower(int c) {
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }

    /** skipLonger: set once a '*' failed to match anywhere, so earlier stars need not try longer matches. */
    private static boolean match(byte[] p, int pi, int pend, byte[] s, int si, int send, boolean nocase, boolean[] skipLonger) {
        while (pi < pend && si < send) {
            int pc = p[pi] & 0xff;
            switch (pc) {
                case '*': {
                    while (pi + 1 < pend && p[pi + 1] == '*') pi++;
                    if (pi + 1 == pend) return true;
                    while (si < send) {
                        if (match(p, pi + 1, pend, s, si, send, nocase, skipLonger)) return true;
                        if (skipLonger[0]) return false;
                        si++;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?':
                    si++;
                    break;
                case '[': {
                    pi++;
                    boolean not = at(p, pi, pend) == '^';
                    if (not) pi++;
                    boolean matched = false;
                    int c = s[si] & 0xff;
                    while (true) {
                        if (at(p, pi, pend) == '\\' && pend - pi >= 2) {
                            pi++;
                            if ((p[pi] & 0xff) == c) matched = true;
                        } else if (at(p, pi, pend) == ']') {
                            break;
                        } else if (pi >= pend) {
                            pi--;
                            break;
                        } else if (pend - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff, end = p[pi + 2] & 0xff, cc = c;
                            if (start > end) { int t = start; start = end; end = t; }
                            if (nocase) { start = lower(start); end = lower(end); cc = lower(cc); }
                            pi += 2;
                            if (cc >= start && cc <= end) matched = true;
                        } else if (nocase ? lower(p[pi] & 0xff) == lower(c) : (p[pi] & 0xff) == c) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (not) matched = !matched;
                    if (!matched) return false;
                    si++;
                    break;
                }
                case '\\':
                    if (pend - pi >= 2) pi++;
                    // fall through: match the escaped byte literally
                default: {
                    int a = p[pi] & 0xff, b = s[si] & 0xff;
                    if (nocase ? lower(a) != lower(b) : a != b) return false;
                    si++;
                }
            }
            pi++;
            if (si == send) {
                while (pi < pend && p[pi] == '*') pi++;
                break;
            }
        }
        return pi == pend && si == send;
    }
}
