package dev.beryl.acl;

import dev.beryl.config.Config;
import dev.beryl.engine.Client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The users a connection can authenticate as (Redis's acl.c). Beryl has Redis's {@code default} user only: its
 * password is {@code requirepass} (Redis 7.0's ACLUpdateDefaultUserPassword), and with none set it is
 * {@code nopass}, so every new connection starts authenticated. Engine thread only.
 */
public final class Users {
    /** The default user's name: user names are case-sensitive. */
    public static final String DEFAULT = "default";
    private static final byte[] DEFAULT_NAME = DEFAULT.getBytes(StandardCharsets.US_ASCII);

    /** The SHA-256 of the default user's password (Redis keeps only the hash), or null for nopass. */
    private byte[] passwordHash;

    public Users(Config config) {
        setRequirepass(config.get("requirepass"));
        // as Redis: a new password applies to later AUTHs; connections already authenticated stay so
        config.onChange("requirepass", this::setRequirepass);
    }

    private void setRequirepass(String password) {
        // a setting's bytes are those CONFIG SET was given as UTF-8 text (binary passwords with NUL bytes included)
        passwordHash = password.isEmpty() ? null : sha256(password.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the default user needs no password (Redis's USER_FLAG_NOPASS): connections start authenticated. */
    public boolean defaultNopass() { return passwordHash == null; }

    /** Redis's ACLCheckUserCredentials: an unknown user or a wrong password fails. */
    public boolean check(byte[] user, byte[] password) {
        if (!Arrays.equals(user, DEFAULT_NAME)) return false;
        // compared in constant time, as Redis's time_independent_strcmp of the hashes
        return passwordHash == null || MessageDigest.isEqual(passwordHash, sha256(password));
    }

    /** Redis's ACLAuthenticateUser: right credentials authenticate the client; wrong ones leave it as it was. */
    public boolean authenticate(Client c, byte[] user, byte[] password) {
        if (!check(user, password)) return false;
        c.setAuthenticated(true);
        return true;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
