package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates.KeyEncoding;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates.KeyType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backups of a real etcd that requires client certificates, with keys as kubeadm writes them and as PKCS#8. */
class EtcdTlsBackupIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.tls();

    @TempDir
    Path temp;

    private EtcdTarget target(String caPem, String certificate, String key) {
        return new EtcdTarget("secure", List.of(URI.create(ETCD.endpoint())),
                Optional.of(EtcdTls.withClientCertificate(caPem, certificate, Secret.of(key))), Duration.ofSeconds(2),
                Duration.ofSeconds(30), false);
    }

    private BackupMetadata backup(EtcdTarget target) throws Exception {
        return new EtcdTestSupport(temp.resolve("locks")).taker().backup(target,
                new FilesystemStore(Files.createDirectories(temp.resolve("store"))), BackupOptions.defaults(temp.resolve("work")));
    }

    @ParameterizedTest(name = "{0} key in {1}")
    @CsvSource({"RSA, PKCS1_OR_SEC1", "EC, PKCS1_OR_SEC1", "RSA, PKCS8", "EC, PKCS8"})
    void backsUpWithClientCertificateKeysInEveryEncoding(KeyType type, KeyEncoding encoding) throws Exception {
        String name = "client-" + type + "-" + encoding;
        ETCD.clientCertificate(name, type, encoding);
        Path dir = ETCD.directory();
        String key = Files.readString(dir.resolve(name + ".key"));
        assertThat(key).startsWith(encoding == KeyEncoding.PKCS8 ? "-----BEGIN PRIVATE KEY-----"
                : type == KeyType.RSA ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");

        BackupMetadata backup = backup(target(Files.readString(dir.resolve("ca.crt")), Files.readString(dir.resolve(name + ".crt")), key));

        assertThat(backup.endpoint()).startsWith("https://");
        assertThat(backup.revision()).isEqualTo(EtcdTestSupport.etcdctlCountAndRevision(ETCD, ETCD.clientFlags(name))[1]);
    }

    @Test
    void aWrongCaIsATlsFailureNamingTheCaFile() throws Exception {
        ETCD.clientCertificate("wrong-ca-client", KeyType.RSA, KeyEncoding.PKCS1_OR_SEC1);
        Path dir = ETCD.directory();
        String otherCa = TestCertificates.ca("not-etcd-ca").certificatePem();

        assertThatThrownBy(() -> backup(target(otherCa, Files.readString(dir.resolve("wrong-ca-client.crt")),
                Files.readString(dir.resolve("wrong-ca-client.key")))))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.ETCD_TLS))
                .hasMessageContaining("TLS failed").hasMessageContaining("ca.crt");
    }

    @Test
    void aClientCertificateFromAnotherCaIsATlsFailure() throws Exception {
        TestCertificates.Issued otherCa = TestCertificates.ca("intruder-ca");
        TestCertificates.Issued intruder = TestCertificates.client(otherCa, "intruder", KeyType.EC);
        String ca = Files.readString(ETCD.directory().resolve("ca.crt"));

        assertThatThrownBy(() -> backup(target(ca, intruder.certificatePem(), intruder.keyPem(KeyEncoding.PKCS1_OR_SEC1))))
                .isInstanceOfSatisfying(EtcdException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.ETCD_TLS));
    }

    @Test
    void plainHttpAgainstATlsMemberFailsWithinTheConnectTimeout() throws Exception {
        String endpoint = ETCD.endpoint().replace("https://", "http://");
        long started = System.nanoTime();

        assertThatThrownBy(() -> backup(EtcdTestSupport.plainTarget("secure", endpoint)))
                .isInstanceOf(EtcdException.class).hasMessageContaining(endpoint);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aKeyThatIsNotPemSaysWhatItExpects() {
        assertThatThrownBy(() -> PemMaterial.privateKey("ssh-rsa AAAA", "etcd client key"))
                .hasMessageContaining("etcd client key").hasMessageContaining("BEGIN RSA PRIVATE KEY").hasMessageNotContaining("AAAA");
    }
}
