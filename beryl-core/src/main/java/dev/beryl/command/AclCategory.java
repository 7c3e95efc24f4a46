package dev.beryl.command;

/** ACL categories; declaration order is the order COMMAND INFO and ACL CAT print them in. */
public enum AclCategory {
    KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM, PUBSUB, ADMIN,
    FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

    public String replyName() {
        return "@" + name().toLowerCase();
    }
}
