package io.jenkins.plugins.kubeops.engine.pool;

/** Whether a pool member takes new agents. */
public enum MemberState {
    /** Takes new agents. */
    ACTIVE,
    /** Takes no new agents; running ones finish, idle warm agents are removed (maintenance coming). */
    DRAINING,
    /** Takes no new agents; everything already there stays (a temporary hold). */
    PAUSED;

    public boolean takesNewAgents() {
        return this == ACTIVE;
    }
}
