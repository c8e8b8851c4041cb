package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;

/** Blocking work of an upgrade that may be interrupted: an interruption stops the run like a failure, the flag kept. */
final class Interruptible {

    interface Blocking<T> {
        T call() throws InterruptedException;
    }

    interface BlockingAction {
        void run() throws InterruptedException;
    }

    private Interruptible() {
    }

    static <T> T call(Blocking<T> work) {
        try {
            return work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted", e);
        }
    }

    static void run(BlockingAction work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
