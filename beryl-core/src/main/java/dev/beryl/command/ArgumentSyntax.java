package dev.beryl.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a command's argument syntax string into the argument tree COMMAND DOCS reports (Redis's
 * "arguments" in src/commands/*.json). Grammar, space separated:
 * <pre>
 *   name:type            an argument; type is string, integer, double, key, pattern or unix-time
 *   name:key#2           ... with an explicit key_spec_index (key arguments are otherwise numbered in order)
 *   TOKEN                a pure token (any word without ':'), named after the lower-cased token
 *   TOKEN name:type      the argument is introduced by TOKEN ("token" in the docs)
 *   TOKEN a:t b:t        a block introduced by TOKEN, named after it
 *   [ ... ]              optional
 *   ( ... )              a block (type "block"), or with alternatives a oneof
 *   a | b                one of the alternatives: inside brackets or parentheses each alternative is a
 *                        sequence ([EX seconds:integer|KEEPTTL]); outside any group single elements
 *                        (wherefrom:LEFT|RIGHT)
 *   name:( ... )         a named group; "name:" before the first word of a group names the group:
 *                        [condition:NX|XX], [offset_count:LIMIT offset:integer count:integer]
 *   x ...                x may repeat (flag multiple); [TOKEN x]... repeats the token too (multiple_token)
 *   x@6.2.0              the version x was added in ("since"); also after ] or )
 * </pre>
 */
public final class ArgumentSyntax {
    private static final Set<String> TYPES = Set.of("string", "integer", "double", "key", "pattern", "unix-time");

    /** One documented argument. */
    public static final class Arg {
        public String name;
        public String type;
        public String token;
        public String since;
        public int keySpecIndex = -1;
        public boolean optional, multiple, multipleToken;
        public List<Arg> args = Collections.emptyList();

        Arg(String name, String type) {
            this.name = name;
            this.type = type;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(name).append(':').append(type);
            if (token != null) b.append(" token=").append(token);
            if (keySpecIndex >= 0) b.append(" ks=").append(keySpecIndex);
            if (since != null) b.append(" since=").append(since);
            if (optional) b.append(" optional");
            if (multiple) b.append(" multiple");
            if (multipleToken) b.append(" multiple_token");
            if (!args.isEmpty()) b.append(' ').append(args);
            return "{" + b + "}";
        }
    }

    private final List<String> lexemes;
    private final String source;
    private int pos;
    private int nextKeySpec;

    private ArgumentSyntax(String source) {
        this.source = source;
        this.lexemes = lex(source);
    }

    /** The top-level arguments of a syntax string; throws IllegalArgumentException when it is malformed. */
    public static List<Arg> parse(String syntax) {
        ArgumentSyntax p = new ArgumentSyntax(syntax);
        List<Arg> out = new ArrayList<>();
        while (p.pos < p.lexemes.size()) {
            out.add(p.toArg(p.topLevel(), null));
        }
        return out;
    }

    private static List<String> lex(String s) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '[' || c == ']' || c == '(' || c == ')' || c == '|') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(s.charAt(i)) && "[]()|".indexOf(s.charAt(i)) < 0) {
                    // "name:(" ends the word at the colon so the group can follow
                    if (s.charAt(i) == ':' && i + 1 < n && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '[')) {
                        i++;
                        break;
                    }
                    i++;
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at lexeme " + pos + " in \"" + source + "\"");
    }

    private String peek() { return pos < lexemes.size() ? lexemes.get(pos) : null; }

    /**
     * An element before it is placed in a sequence: a leaf, a pure token, or a group (a list of alternatives,
     * each a sequence of elements).
     */
    private static final class Node {
        Arg leaf;                 // leaf argument or pure token
        List<List<Node>> alts;    // group
        String name;              // name given with "name:"
        boolean optional, multiple, paren;
        String since;
    }

    private Node element() {
        String t = peek();
        if (t == null) throw error("unexpected end");
        Node node;
        if (t.equals("[") || t.equals("(")) {
            node = group(null);
        } else if (t.endsWith(":") && pos + 1 < lexemes.size()
                && (lexemes.get(pos + 1).equals("(") || lexemes.get(pos + 1).equals("["))) {
            pos++;
            node = group(t.substring(0, t.length() - 1));
        } else if (t.equals("]") || t.equals(")") || t.equals("|") || t.equals("...")) {
            throw error("unexpected '" + t + "'");
        } else {
            pos++;
            node = new Node();
            String word = t;
            int at = word.indexOf('@', 1);
            if (at > 0) {
                node.since = word.substring(at + 1);
                word = word.substring(0, at);
            }
            int colon = word.indexOf(':');
            int typeColon = word.lastIndexOf(':');
            String last = typeColon < 0 ? "" : word.substring(typeColon + 1);
            int lastHash = last.indexOf('#');
            // a name may itself hold ':' ("ip:port:string"): the type is after the last colon
            if (typeColon > colon && TYPES.contains(lastHash >= 0 ? last.substring(0, lastHash) : last)) colon = typeColon;
            if (colon < 0) {
                Arg a = new Arg(word.toLowerCase(Locale.ROOT), "pure-token");
                a.token = word;
                node.leaf = a;
            } else {
                String name = word.substring(0, colon);
                String type = word.substring(colon + 1);
                int hash = type.indexOf('#');
                int ks = -1;
                if (hash >= 0) {
                    ks = Integer.parseInt(type.substring(hash + 1));
                    type = type.substring(0, hash);
                }
                if (TYPES.contains(type)) {
                    Arg a = new Arg(name, type);
                    if (type.equals("key")) a.keySpecIndex = ks >= 0 ? ks : nextKeySpec++;
                    else a.keySpecIndex = ks;
                    node.leaf = a;
                } else {
                    // "name:TOKEN": a pure token renamed (the name may also name an enclosing group)
                    Arg a = new Arg(type.toLowerCase(Locale.ROOT), "pure-token");
                    a.token = type;
                    node.leaf = a;
                    node.name = name;
                }
            }
        }
        suffixes(node);
        return node;
    }

    /** An element, or outside any group "a|b|c": single elements as one required oneof (wherefrom:LEFT|RIGHT). */
    private Node topLevel() {
        Node first = element();
        if (!"|".equals(peek())) return first;
        Node g = new Node();
        g.alts = new ArrayList<>();
        g.alts.add(new ArrayList<>(List.of(first)));
        while ("|".equals(peek())) {
            pos++;
            g.alts.add(new ArrayList<>(List.of(element())));
        }
        if (first.leaf != null && first.name != null) {
            g.name = first.name;
            first.name = null;
        }
        return g;
    }

    private void suffixes(Node node) {
        while (true) {
            String t = peek();
            if (t == null) return;
            if (t.equals("...")) {
                node.multiple = true;
                pos++;
            } else if (t.startsWith("@")) {
                node.since = t.substring(1);
                pos++;
            } else {
                return;
            }
        }
    }

    private Node group(String name) {
        String open = lexemes.get(pos++);
        String close = open.equals("[") ? "]" : ")";
        Node g = new Node();
        g.name = name;
        g.optional = open.equals("[");
        g.paren = open.equals("(");
        g.alts = new ArrayList<>();
        List<Node> seq = new ArrayList<>();
        while (true) {
            String t = peek();
            if (t == null) throw error("missing '" + close + "'");
            if (t.equals(close)) {
                pos++;
                break;
            }
            if (t.equals("|")) {
                pos++;
                if (seq.isEmpty()) throw error("empty alternative");
                g.alts.add(seq);
                seq = new ArrayList<>();
                continue;
            }
            seq.add(element());
        }
        if (seq.isEmpty()) throw error("empty group");
        g.alts.add(seq);
        bindTightly(g);
        // "[name:FIRST ...]": a name on the group's first word names the group
        Node first = g.alts.get(0).get(0);
        if (g.name == null && first.leaf != null && first.name != null) {
            g.name = first.name;
            first.name = null;
        }
        return g;
    }

    /**
     * "[TYPE kind:NORMAL|MASTER|PUBSUB]": when the first alternative ends in a pure token and every other
     * alternative is a single pure token, the '|' joins those tokens only (a token followed by a oneof).
     */
    private static void bindTightly(Node g) {
        List<Node> first = g.alts.get(0);
        if (g.alts.size() < 2 || first.size() < 2 || !isPureToken(first.get(first.size() - 1))) return;
        for (int i = 1; i < g.alts.size(); i++) {
            if (g.alts.get(i).size() != 1 || !isPureToken(g.alts.get(i).get(0))) return;
        }
        Node last = first.remove(first.size() - 1);
        Node oneof = new Node();
        oneof.alts = new ArrayList<>();
        oneof.alts.add(new ArrayList<>(List.of(last)));
        for (int i = 1; i < g.alts.size(); i++) oneof.alts.add(g.alts.get(i));
        oneof.name = last.name;
        last.name = null;
        first.add(oneof);
        g.alts = new ArrayList<>(List.of(first));
    }

    private static boolean isPureToken(Node n) {
        return n.leaf != null && n.leaf.type.equals("pure-token") && !n.multiple;
    }

    /** Turns a node into its documented argument; {@code rename} is a name given by an enclosing "name:". */
    private Arg toArg(Node n, String rename) {
        Arg a;
        if (n.leaf != null) {
            a = n.leaf;
            if (n.name != null) a.name = n.name;
        } else if (n.alts.size() == 1 && n.paren) {
            a = block(n.alts.get(0), n.name);
        } else if (n.alts.size() == 1) {
            a = seqToArg(n.alts.get(0), n.name);
        } else {
            List<Arg> alts = new ArrayList<>();
            for (List<Node> s : n.alts) alts.add(seqToArg(s, null));
            a = new Arg(n.name != null ? n.name : defaultName(alts), "oneof");
            a.args = alts;
        }
        if (rename != null) a.name = rename;
        if (n.optional) a.optional = true;
        if (n.since != null) a.since = n.since;
        if (n.multiple) {
            a.multiple = true;
            // "[TOKEN x]...": the token came from inside the repeated group, so it repeats with it
            if (n.leaf == null && a.token != null) a.multipleToken = true;
        }
        return a;
    }

    private Arg seqToArg(List<Node> seq, String name) {
        if (seq.size() == 1) return toArg(seq.get(0), name);
        Node head = seq.get(0);
        boolean leadingToken = head.leaf != null && head.leaf.type.equals("pure-token") && !head.multiple
                && head.since == null;
        if (leadingToken && seq.size() == 2) {
            Arg a = toArg(seq.get(1), name);
            if (a.token == null) {
                a.token = head.leaf.token;
                return a;
            }
            // the argument has its own token: keep both, as a block
            Arg b = new Arg(name != null ? name : head.leaf.name, "block");
            b.token = head.leaf.token;
            b.args = List.of(a);
            return b;
        }
        return block(seq, name);
    }

    /** A sequence as a block: an optional leading token, then its parts. */
    private Arg block(List<Node> seq, String name) {
        Node head = seq.get(0);
        boolean leadingToken = seq.size() > 1 && head.leaf != null && head.leaf.type.equals("pure-token")
                && !head.multiple && head.since == null;
        List<Arg> parts = new ArrayList<>();
        String token = null;
        for (int i = 0; i < seq.size(); i++) {
            if (i == 0 && leadingToken) token = head.leaf.token;
            else parts.add(toArg(seq.get(i), null));
        }
        String blockName = name != null ? name : head.name != null ? head.name
                : token != null ? token.toLowerCase(Locale.ROOT) : parts.get(0).name;
        Arg b = new Arg(blockName, "block");
        b.token = token;
        b.args = parts;
        return b;
    }

    private static String defaultName(List<Arg> alts) {
        StringBuilder b = new StringBuilder();
        for (Arg a : alts) {
            if (b.length() > 0) b.append('_');
            b.append(a.name);
        }
        return b.toString();
    }
}
