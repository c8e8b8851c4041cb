package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdTestSupport;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotFile;
import io.jenkins.plugins.kubeops.engine.testing.EtcdServer;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates.KeyEncoding;
import io.jenkins.plugins.kubeops.engine.testing.TestCertificates.KeyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops etcd ...} end to end against a real TLS etcd and a directory store. */
class EtcdCliIT {

    @RegisterExtension
    static final EtcdServer ETCD = EtcdServer.tls();

    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
    }

    Run cli(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(environment, temp, new PrintWriter(out), new PrintWriter(err), progress -> {
            throw new AssertionError("etcd commands never start the local cluster");
        });
        int exitCode = KubeOpsCli.execute(context, args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    List<String> connection() {
        ETCD.clientCertificate("cli", KeyType.EC, KeyEncoding.PKCS1_OR_SEC1);
        Path dir = ETCD.directory();
        return List.of("--endpoints", ETCD.endpoint(), "--cacert", dir.resolve("ca.crt").toString(), "--cert",
                dir.resolve("cli.crt").toString(), "--key", dir.resolve("cli.key").toString());
    }

    String[] args(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    @Test
    void backupListVerifyPruneRestorePlanAndDrillFromTheCommandLine() throws Exception {
        ETCD.etcdctl(ETCD.clientFlags("health"), "put", "/registry/namespaces/default", "x");
        String store = temp.resolve("store").toString();
        Files.createDirectories(Path.of(store));
        Map<String, String> env = Map.of("KUBE_OPS_ETCD_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        List<String> common = List.of("--cluster", "prod", "--store-dir", store);

        Run backup = cli(env, args(List.of("etcd", "backup"), args(common, args(connection(), "--lock-dir",
                temp.resolve("locks").toString(), "--work-dir", temp.resolve("work").toString(), "-o", "json"))));
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        JsonNode metadata = new ObjectMapper().readTree(backup.out());
        assertThat(metadata.get("verified").asBoolean()).isTrue();
        assertThat(metadata.get("encryptionKeyId").asText()).hasSize(16);
        assertThat(metadata.get("keyCount").asLong()).isEqualTo(EtcdTestSupport.etcdctlCountAndRevision(ETCD, ETCD.clientFlags("health"))[0]);
        String id = metadata.get("id").asText();

        Run list = cli(env, args(List.of("etcd", "list"), args(common, "--max-age", "1h")));
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id).contains("last verified backup 0 minutes ago");
        Run stale = cli(env, args(List.of("etcd", "list"), args(common, "--max-age", "0s")));
        assertThat(stale.exitCode()).isEqualTo(3);
        assertThat(stale.err()).contains("stale");

        Path restored = temp.resolve("restored.db");
        Run verify = cli(env, args(List.of("etcd", "verify"), args(common, "--backup", id, "--output-file", restored.toString())));
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("verified: revision " + metadata.get("revision").asLong());
        assertThat(SnapshotFile.verify(restored).sha256()).isEqualTo(metadata.get("snapshotSha256").asText());
        Run withoutKey = cli(Map.of(), args(List.of("etcd", "verify"), args(common)));
        assertThat(withoutKey.exitCode()).isEqualTo(1);
        assertThat(withoutKey.err()).startsWith("kube-ops: error: [CHECKSUM_MISMATCH]").contains("previous key");

        Run plan = cli(env, args(List.of("etcd", "restore-plan"), args(common, "--member", "cp-1=https://10.0.0.1:2380",
                "--member", "cp-2=https://10.0.0.2:2380", "--member", "cp-3=https://10.0.0.3:2380")));
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("## Step 1 on cp-1 (10.0.0.1): stop kube-apiserver")
                .contains("etcdutl snapshot restore /var/tmp/kube-ops-restore/" + id + ".db --name cp-3")
                .contains("--store-dir " + store);
        assertThat(cli(env, "etcd", "restore-plan", "--cluster", "prod", "--store-dir", store, "--member", "cp-1").err())
                .contains("--member 'cp-1' must be NAME=PEER_URL");

        Run drill = cli(env, args(List.of("etcd", "drill"), args(common, "--etcd-bin-dir", ETCD.binaries().toString(),
                "--work-dir", temp.resolve("drill").toString())));
        assertThat(drill.exitCode()).as(drill.err() + drill.out()).isZero();
        assertThat(drill.out()).startsWith("Drill passed: backup " + id);

        Run prune = cli(env, args(List.of("etcd", "prune"), args(common, "--keep-last", "1", "--dry-run", "-o", "json")));
        assertThat(prune.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(prune.out()).get("kept").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void failuresNameTheirCauseForScripts() throws Exception {
        String store = temp.toString();
        Path otherCa = temp.resolve("other-ca.crt");
        Files.writeString(otherCa, io.jenkins.plugins.kubeops.engine.testing.TestCertificates.ca("other").certificatePem());
        List<String> wrongCaConnection = new ArrayList<>(connection());
        wrongCaConnection.set(wrongCaConnection.indexOf("--cacert") + 1, otherCa.toString());
        Run wrongCa = cli(Map.of(), args(List.of("etcd", "backup", "--cluster", "prod", "--store-dir", store, "--lock-dir",
                temp.resolve("l").toString()), args(wrongCaConnection)));
        Run noStore = cli(Map.of(), "etcd", "list", "--cluster", "prod");
        Run badCluster = cli(Map.of(), "etcd", "list", "--cluster", "Prod!", "--store-dir", store);

        assertThat(wrongCa.exitCode()).isEqualTo(1);
        assertThat(wrongCa.err()).startsWith("kube-ops: error: [ETCD_TLS]");
        assertThat(noStore.err()).contains("--store-dir DIR or --s3-bucket BUCKET");
        assertThat(badCluster.err()).contains("Cluster name 'Prod!' is invalid");
    }

    @Test
    void verifyFileAndImportSnapshotsMadeByEtcdctlWithExitCodesForScripts() throws Exception {
        ETCD.etcdctl(ETCD.clientFlags("health"), "put", "/registry/configmaps/default/imported", "y");
        long[] expected = EtcdTestSupport.etcdctlCountAndRevision(ETCD, ETCD.clientFlags("health"));
        Path saved = io.jenkins.plugins.kubeops.engine.etcd.SnapshotFiles.save(ETCD, ETCD.clientFlags("health"),
                temp.resolve("etcd-snapshot.db"));
        Path zst = io.jenkins.plugins.kubeops.engine.etcd.SnapshotFiles.compress("zstd", saved);
        Path truncated = io.jenkins.plugins.kubeops.engine.etcd.SnapshotFiles.truncated(saved, 100, temp.resolve("cut.db"));
        String store = Files.createDirectories(temp.resolve("store")).toString();

        Run plain = cli(Map.of(), "etcd", "verify-file", saved.toString());
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).startsWith("Snapshot file " + saved + " is valid (" + Files.size(saved) + " bytes): revision "
                + expected[1] + ", " + expected[0] + " keys");
        Run json = cli(Map.of(), "etcd", "verify-file", zst.toString(), "-o", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode verified = new ObjectMapper().readTree(json.out());
        assertThat(verified.get("compression").asText()).isEqualTo("zstd");
        assertThat(verified.get("keyCount").asLong()).isEqualTo(expected[0]);
        Run cut = cli(Map.of(), "etcd", "verify-file", truncated.toString());
        assertThat(cut.exitCode()).isEqualTo(3);
        assertThat(cut.err()).startsWith("kube-ops: error: [INVALID_SNAPSHOT] snapshot file " + truncated + " is not valid: "
                + "the data ends 100 bytes early");
        Run missing = cli(Map.of(), "etcd", "verify-file", temp.resolve("absent.db").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist");

        Run imported = cli(Map.of(), "etcd", "import", zst.toString(), "--cluster", "prod", "--store-dir", store, "-o", "json");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        JsonNode metadata = new ObjectMapper().readTree(imported.out());
        assertThat(metadata.get("importedFrom").get("fileName").asText()).isEqualTo("etcd-snapshot.db.zst");
        assertThat(metadata.get("revision").asLong()).isEqualTo(expected[1]);
        Run refused = cli(Map.of(), "etcd", "import", truncated.toString(), "--cluster", "prod", "--store-dir", store);
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("[INVALID_SNAPSHOT]").contains("was not stored").contains("ends 100 bytes early");

        Run list = cli(Map.of(), "etcd", "list", "--cluster", "prod", "--store-dir", store);
        assertThat(list.out()).contains(metadata.get("id").asText()).contains("imported from etcd-snapshot.db.zst");
        Run drill = cli(Map.of(), "etcd", "drill", "--cluster", "prod", "--store-dir", store, "--etcd-bin-dir",
                ETCD.binaries().toString(), "--work-dir", temp.resolve("drill").toString());
        assertThat(drill.exitCode()).as(drill.err() + drill.out()).isZero();
        assertThat(drill.out()).startsWith("Drill passed: backup " + metadata.get("id").asText());
        Run plan = cli(Map.of(), "etcd", "restore-plan", "--cluster", "prod", "--store-dir", store, "--member",
                "cp-1=https://10.0.0.1:2380");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains(metadata.get("id").asText() + ".db --name cp-1");
    }
}
