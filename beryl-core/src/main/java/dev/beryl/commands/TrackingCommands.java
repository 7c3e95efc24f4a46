package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.tracking.ClientTracking;
import dev.beryl.tracking.Tracking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The client-side caching subcommands of CLIENT (Redis's networking.c clientCommand): TRACKING, CACHING, GETREDIR, TRACKINGINFO. */
final class TrackingCommands implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        CommandSpec client = t.lookup("client".getBytes(StandardCharsets.US_ASCII));
        client.subcommand("tracking", -3).flags("noscript loading stale sentinel").acl("connection").since("6.0.0")
                .summary("Controls server-assisted client-side caching for the connection.")
                .complexity("O(1). Some options may introduce additional complexity.")
                .arguments("status:ON|OFF [REDIRECT client-id:integer] [PREFIX prefix:string]... [BCAST] [OPTIN] [OPTOUT] [NOLOOP]")
                .handler(TrackingCommands::tracking);
        client.subcommand("caching", 3).flags("noscript loading stale sentinel").acl("connection").since("6.0.0")
                .summary("Instructs the server whether to track the keys in the next request.").complexity("O(1)")
                .arguments("mode:YES|NO").handler(TrackingCommands::caching);
        client.subcommand("getredir", 2).flags("noscript loading stale sentinel").acl("connection").since("6.0.0")
                .summary("Returns the client ID to which the connection's tracking notifications are redirected.").complexity("O(1)")
                .handler((c, argv) -> c.reply().integer(c.tracking() == null ? -1 : c.tracking().redirect()));
        client.subcommand("trackinginfo", 2).flags("noscript loading stale sentinel").acl("connection").since("6.2.0")
                .summary("Returns information about server-assisted client-side caching for the connection.")
                .complexity("O(1)").handler(TrackingCommands::trackingInfo);
    }

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP], Redis's checks in its order. */
    static void tracking(Client c, byte[][] argv) {
        long redirect = 0;
        boolean bcast = false, optin = false, optout = false, noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            byte[] a = argv[j];
            if (CommandTable.is(a, "redirect") && more) {
                j++;
                if (redirect != 0) {
                    c.reply().error("ERR A client can only redirect to a single other client");
                    return;
                }
                if (!Numbers.isLong(argv[j])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                redirect = Numbers.parseLongUnchecked(argv[j], 0, argv[j].length);
                if (c.engine().client(redirect) == null) {
                    c.reply().error("ERR The client ID you want redirect to does not exist");
                    return;
                }
            } else if (CommandTable.is(a, "bcast")) {
                bcast = true;
            } else if (CommandTable.is(a, "optin")) {
                optin = true;
            } else if (CommandTable.is(a, "optout")) {
                optout = true;
            } else if (CommandTable.is(a, "noloop")) {
                noloop = true;
            } else if (CommandTable.is(a, "prefix") && more) {
                prefixes.add(argv[++j]);
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        Tracking tracking = c.engine().tracking();
        ClientTracking now = c.tracking();
        if (CommandTable.is(argv[2], "on")) {
            String error = null;
            if (!bcast && !prefixes.isEmpty()) {
                error = "ERR PREFIX option requires BCAST mode to be enabled";
            } else if (now != null && now.bcast() != bcast) {
                error = "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                        + "re-enabling it with a different mode.";
            } else if (bcast && (optin || optout)) {
                error = "ERR OPTIN and OPTOUT are not compatible with BCAST";
            } else if (optin && optout) {
                error = "ERR You can't specify both OPTIN mode and OPTOUT mode";
            } else if (now != null && ((optin && now.optout()) || (optout && now.optin()))) {
                error = "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                        + "re-enabling it with a different mode.";
            } else if (bcast) {
                error = Tracking.prefixCollision(c, prefixes);
            }
            if (error != null) {
                c.reply().error(error);
                return;
            }
            tracking.enable(c, redirect, bcast, optin, optout, noloop, prefixes);
        } else if (CommandTable.is(argv[2], "off")) {
            tracking.disable(c);
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        c.reply().ok();
    }

    static void caching(Client c, byte[][] argv) {
        ClientTracking t = c.tracking();
        if (t == null) {
            c.reply().error("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled");
            return;
        }
        if (CommandTable.is(argv[2], "yes")) {
            if (!t.optin()) {
                c.reply().error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
                return;
            }
        } else if (CommandTable.is(argv[2], "no")) {
            if (!t.optout()) {
                c.reply().error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
                return;
            }
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        t.caching(true);
        c.reply().ok();
    }

    static void trackingInfo(Client c, byte[][] argv) {
        ClientTracking t = c.tracking();
        ReplyBuffer r = c.reply();
        r.mapHeader(3);
        r.bulk("flags");
        List<String> flags = new ArrayList<>();
        flags.add(t != null ? "on" : "off");
        if (t != null) {
            if (t.bcast()) flags.add("bcast");
            if (t.optin()) {
                flags.add("optin");
                if (t.caching()) flags.add("caching-yes");
            }
            if (t.optout()) {
                flags.add("optout");
                if (t.caching()) flags.add("caching-no");
            }
            if (t.noloop()) flags.add("noloop");
            if (t.brokenRedirect()) flags.add("broken_redirect");
        }
        r.setHeader(flags.size());
        for (String f : flags) r.bulk(f);
        r.bulk("redirect");
        r.integer(t == null ? -1 : t.redirect());
        r.bulk("prefixes");
        if (t == null) {
            r.arrayHeader(0);
        } else {
            r.arrayHeader(t.prefixes().size());
            for (byte[] p : t.prefixes()) r.bulk(p);
        }
    }
}
