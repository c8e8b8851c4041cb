package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates.KeyEncoding;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates.KeyType;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real etcd servers the etcd tests run against: plain, and TLS with required client certificates. */
class EtcdTestServerIT {

    @Nested
    class Plain {
        @RegisterExtension
        static final EtcdServer ETCD = EtcdServer.plain();

        @Test
        void storesAndReturnsAKey() {
            assertThat(ETCD.etcdctl(List.of(), "put", "/kube-ops/test", "hello").exitCode()).isZero();
            assertThat(ETCD.etcdctl(List.of(), "get", "/kube-ops/test", "--print-value-only").output().trim()).isEqualTo("hello");
            assertThat(ETCD.endpoint()).startsWith("http://127.0.0.1:");
        }
    }

    @Nested
    class Tls {
        @RegisterExtension
        static final EtcdServer ETCD = EtcdServer.tls();

        @Test
        void acceptsClientCertificatesWithKubeadmStyleAndPkcs8Keys() {
            ETCD.clientCertificate("rsa-pkcs1", KeyType.RSA, KeyEncoding.PKCS1_OR_SEC1);
            ETCD.clientCertificate("ec-sec1", KeyType.EC, KeyEncoding.PKCS1_OR_SEC1);
            ETCD.clientCertificate("rsa-pkcs8", KeyType.RSA, KeyEncoding.PKCS8);

            for (String client : List.of("rsa-pkcs1", "ec-sec1", "rsa-pkcs8")) {
                EtcdServer.Result put = ETCD.etcdctl(ETCD.clientFlags(client), "put", "/kube-ops/" + client, "ok");
                assertThat(put.exitCode()).as(client + ": " + put.output()).isZero();
            }
        }

        @Test
        void rejectsAClientWithoutCertificate() {
            EtcdServer.Result result = ETCD.etcdctl(List.of("--cacert", ETCD.directory().resolve("ca.crt").toString()),
                    "get", "/kube-ops/x");
            assertThat(result.exitCode()).isNotZero();
        }

        @Test
        void rejectsAClientCertificateFromAnotherCa() throws Exception {
            TestCertificates.Issued otherCa = TestCertificates.ca("other-ca");
            TestCertificates.client(otherCa, "intruder", KeyType.RSA).write(ETCD.directory(), "intruder", KeyEncoding.PKCS8);
            ETCD.clientCertificate("legit", KeyType.RSA, KeyEncoding.PKCS8);

            assertThat(ETCD.etcdctl(ETCD.clientFlags("intruder"), "get", "/kube-ops/x").exitCode()).isNotZero();
            assertThat(ETCD.etcdctl(ETCD.clientFlags("legit"), "get", "/kube-ops/x").exitCode()).isZero();
        }
    }
}
