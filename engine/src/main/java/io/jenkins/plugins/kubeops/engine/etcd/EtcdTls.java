package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS material for reaching etcd, as PEM text: the CA that signed the members' certificates and, when the members require
 * client certificates ({@code --client-cert-auth}, as kubeadm sets up), a client certificate and its private key. The key
 * may be PKCS#1 RSA or SEC1 EC (as kubeadm and openssl write them) or PKCS#8.
 */
public record EtcdTls(String caPem, Optional<String> clientCertificatePem, Optional<Secret> clientKeyPem) {

    public EtcdTls {
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(clientCertificatePem, "clientCertificatePem");
        Objects.requireNonNull(clientKeyPem, "clientKeyPem");
        if (clientCertificatePem.isPresent() != clientKeyPem.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key and a key needs its certificate");
        }
    }

    public static EtcdTls withClientCertificate(String caPem, String certificatePem, Secret keyPem) {
        return new EtcdTls(caPem, Optional.of(certificatePem), Optional.of(keyPem));
    }
}
