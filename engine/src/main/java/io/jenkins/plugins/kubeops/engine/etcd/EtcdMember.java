package io.jenkins.plugins.kubeops.engine.etcd;

import java.util.List;

/** A member as the cluster lists it ({@code Cluster/MemberList}). */
public record EtcdMember(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {

    public EtcdMember {
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }
}
