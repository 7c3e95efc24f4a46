package dev.beryl.tracking;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * One client's CLIENT TRACKING state (Redis's CLIENT_TRACKING_* flags, client_tracking_redirection and
 * client_tracking_prefixes). A client without tracking has none.
 */
public final class ClientTracking {
    final boolean bcast, optin, optout, noloop;
    /** The client id invalidations go to instead of this connection; 0 for none. */
    final long redirect;
    /** BCAST prefixes, in byte order (as Redis's rax lists them). */
    final TreeSet<byte[]> prefixes = new TreeSet<>(Arrays::compareUnsigned);
    /** CLIENT CACHING yes (OPTIN) or no (OPTOUT), for the next command or transaction. */
    boolean caching;
    /** The redirect client has gone (CLIENT LIST flag R, TRACKINGINFO broken_redirect). */
    boolean brokenRedirect;

    ClientTracking(long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop) {
        this.redirect = redirect;
        this.bcast = bcast;
        this.optin = optin;
        this.optout = optout;
        this.noloop = noloop;
    }

    public boolean bcast() { return bcast; }
    public boolean optin() { return optin; }
    public boolean optout() { return optout; }
    public boolean noloop() { return noloop; }
    public boolean caching() { return caching; }
    public void caching(boolean b) { caching = b; }
    public java.util.SortedSet<byte[]> prefixes() { return java.util.Collections.unmodifiableSortedSet(prefixes); }
    public boolean brokenRedirect() { return brokenRedirect; }
    public long redirect() { return redirect; }

    /** Whether the keys the client reads now are remembered (OPTIN needs CACHING yes, OPTOUT not CACHING no). */
    boolean remembersReads() {
        return !((optin && !caching) || (optout && caching));
    }
}
