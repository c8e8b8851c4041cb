package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;

/** An I/O failure of a store while a backup streams into it, carrying the store's own explanation. */
final class StoreWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final EtcdException explained;

    StoreWriteException(EtcdException explained) {
        super(explained.getMessage(), explained);
        this.explained = explained;
    }

    EtcdException explained() {
        return explained;
    }
}
