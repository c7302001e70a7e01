package com.logicor.runbook.etcd;

/**
 * Raft's majority rule for the inventory's etcd members: the cluster works while more than half of them
 * are healthy (2 of 3, 3 of 5). With quorum a lost member is replaced by membership changes; without it no
 * membership change can be committed, so the only way back is a restore from a snapshot.
 */
public record EtcdQuorum(int members, int healthy) {

    public EtcdQuorum {
        if (members < 1 || healthy < 0 || healthy > members) {
            throw new IllegalArgumentException("quorum of " + healthy + " healthy among " + members + " members");
        }
    }

    /** The smallest majority of {@code members}. */
    public static int needed(int members) {
        return members / 2 + 1;
    }

    public boolean held() {
        return healthy >= needed(members);
    }

    @Override
    public String toString() {
        return healthy + " of " + members + " members healthy, " + needed(members) + " needed: "
                + (held() ? "quorum" : "no quorum");
    }
}
