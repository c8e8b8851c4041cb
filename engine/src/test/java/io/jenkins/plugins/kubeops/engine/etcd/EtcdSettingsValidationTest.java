package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdSettingsValidationTest {

    @Test
    void endpointsAreClientUrlsWithSchemeHostAndPort() {
        assertThat(EtcdSettingsValidation.endpoints("https://10.0.0.1:2379, https://10.0.0.2:2379")).isEqualTo(Validation.ok());
        assertThat(EtcdSettingsValidation.parseEndpoints("https://10.0.0.1:2379 https://10.0.0.2:2379"))
                .containsExactly(URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379"));
        assertThat(EtcdSettingsValidation.endpoints("10.0.0.1:2379").message()).contains("'10.0.0.1:2379'").contains("https://HOST:2379");
        assertThat(EtcdSettingsValidation.endpoints("https://10.0.0.1").message()).contains("port");
        assertThat(EtcdSettingsValidation.endpoints("https://10.0.0.1:2379/v3").message()).contains("path");
        assertThat(EtcdSettingsValidation.endpoints(" ").isError()).isTrue();
        assertThat(EtcdSettingsValidation.endpoints("http://127.0.0.1:2379").level()).isEqualTo(Validation.Level.WARNING);
    }

    @Test
    void clusterNamesBucketsAndPrefixesAreChecked() {
        assertThat(EtcdSettingsValidation.clusterName("prod-eu").isError()).isFalse();
        assertThat(EtcdSettingsValidation.clusterName("Prod EU").message()).contains("'Prod EU'");
        assertThat(EtcdSettingsValidation.bucket("etcd-backups").isError()).isFalse();
        assertThat(EtcdSettingsValidation.bucket("Etcd_Backups").message()).contains("'Etcd_Backups'");
        assertThat(EtcdSettingsValidation.prefix("etcd/../x").isError()).isTrue();
        assertThat(EtcdSettingsValidation.s3Endpoint("minio:9000").isError()).isTrue();
        assertThat(EtcdSettingsValidation.s3Endpoint("").isError()).isFalse();
    }

    @Test
    void durationsAreWrittenTheWayJobsWriteThem() {
        assertThat(DurationText.parse("90m", "x")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("7d", "x")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("2w", "x")).isEqualTo(Duration.ofDays(14));
        assertThat(DurationText.format(Duration.ofDays(14))).isEqualTo("2w");
        assertThat(DurationText.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThatThrownBy(() -> DurationText.parse("7 days", "--max-age")).hasMessageContaining("--max-age '7 days'");
    }

    @Test
    void aFollowerIsPreferredWhenAskedAndLearnersAndLeaderlessMembersAreSkipped() {
        MemberStatus leader = status("https://a:2379", 1, 1, false);
        MemberStatus follower = status("https://b:2379", 2, 1, false);
        MemberStatus learner = status("https://c:2379", 3, 1, true);
        MemberStatus isolated = status("https://d:2379", 4, 0, false);

        assertThat(MemberChoice.choose(List.of(leader, follower), true)).contains(follower);
        assertThat(MemberChoice.choose(List.of(leader, follower), false)).contains(leader);
        assertThat(MemberChoice.choose(List.of(learner, leader), true)).contains(leader);
        assertThat(MemberChoice.choose(List.of(isolated, learner), false)).isEmpty();
    }

    static MemberStatus status(String endpoint, long id, long leader, boolean learner) {
        return new MemberStatus(URI.create(endpoint), id, leader, "3.6.8", 1, 1, 10, learner, List.of());
    }

    @Test
    void freshnessIsMinutesSinceTheNewestBackup() {
        java.time.Instant now = java.time.Instant.parse("2026-11-21T12:00:00Z");
        BackupMetadata newest = Backups.at("prod", now.minus(Duration.ofMinutes(14)), 9);
        Freshness fresh = Freshness.of("prod", List.of(newest, Backups.at("prod", now.minus(Duration.ofHours(2)), 8)), now);

        assertThat(fresh.minutes()).isEqualTo(14);
        assertThat(fresh.describe()).isEqualTo("cluster 'prod': last verified backup 14 minutes ago (" + newest.id() + ", revision 9)");
        assertThat(fresh.olderThan(Duration.ofMinutes(10))).isTrue();
        assertThat(fresh.olderThan(Duration.ofMinutes(20))).isFalse();
        assertThat(Freshness.of("prod", List.of(), now).minutes()).isEqualTo(-1);
        assertThat(Freshness.of("prod", List.of(), now).olderThan(Duration.ofDays(1))).isTrue();
    }

    @Test
    void metadataSurvivesJsonAndKeepsNoSecrets() {
        BackupMetadata backup = Backups.at("prod", java.time.Instant.parse("2026-11-21T10:15:00.123Z"), 5);

        assertThat(MetadataJson.read(MetadataJson.write(backup))).isEqualTo(backup);
        assertThat(backup.toMap()).containsEntry("verified", true).containsEntry("revision", 5L).containsEntry("encryptionKeyId", "");
        assertThatThrownBy(() -> MetadataJson.read("{\"id\":1}".getBytes())).hasMessageContaining("metadata lacks");
    }
}
