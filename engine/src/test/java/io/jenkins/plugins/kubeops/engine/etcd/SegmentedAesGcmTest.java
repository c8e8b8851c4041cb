package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentedAesGcmTest {

    static final EncryptionKey KEY = key(1);
    static final EncryptionKey OTHER = key(2);

    static EncryptionKey key(int seed) {
        byte[] raw = new byte[32];
        new Random(seed).nextBytes(raw);
        return EncryptionKey.of(Secret.of(Base64.getEncoder().encodeToString(raw)));
    }

    static byte[] encrypt(byte[] plain) throws Exception {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = SegmentedAesGcm.encrypt(sealed, KEY, new SecureRandom())) {
            out.write(plain);
        }
        return sealed.toByteArray();
    }

    static byte[] decrypt(byte[] sealed, List<EncryptionKey> keys) throws Exception {
        try (InputStream in = SegmentedAesGcm.decrypt(new ByteArrayInputStream(sealed), keys)) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripsAcrossSegmentBoundaries() throws Exception {
        for (int size : new int[] {0, 1, SegmentedAesGcm.SEGMENT - 1, SegmentedAesGcm.SEGMENT, SegmentedAesGcm.SEGMENT * 2 + 17}) {
            byte[] plain = new byte[size];
            new Random(size).nextBytes(plain);
            assertThat(decrypt(encrypt(plain), List.of(OTHER, KEY))).as("size " + size).isEqualTo(plain);
        }
    }

    @Test
    void theHeaderNamesTheKeyByFingerprintOnly() throws Exception {
        byte[] sealed = encrypt(new byte[10]);

        assertThat(SegmentedAesGcm.keyId(sealed)).contains(KEY.id());
        assertThat(KEY.toString()).isEqualTo("EncryptionKey[" + KEY.id() + "]");
        assertThat(KEY.id()).hasSize(16).isNotEqualTo(OTHER.id());
    }

    @Test
    void aMissingKeyIsNamed() throws Exception {
        byte[] sealed = encrypt(new byte[10]);

        assertThatThrownBy(() -> decrypt(sealed, List.of(OTHER)))
                .hasMessageContaining("encrypted with key " + KEY.id()).hasMessageContaining("previous key");
    }

    @Test
    void tamperingTruncationAndDroppedSegmentsFailAuthentication() throws Exception {
        byte[] plain = new byte[SegmentedAesGcm.SEGMENT * 2 + 5];
        byte[] sealed = encrypt(plain);
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 100] ^= 1;
        int header = 8 + 16 + 7;
        int segment = SegmentedAesGcm.SEGMENT + 16;

        assertThatThrownBy(() -> decrypt(flipped, List.of(KEY))).hasMessageContaining("does not authenticate");
        // cut after the first full segment: that segment was sealed as "not last", so the end is detected
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, header + segment), List.of(KEY)))
                .hasMessageContaining("does not authenticate");
        byte[] dropped = new byte[sealed.length - segment];
        System.arraycopy(sealed, 0, dropped, 0, header);
        System.arraycopy(sealed, header + segment, dropped, header, sealed.length - header - segment);
        assertThatThrownBy(() -> decrypt(dropped, List.of(KEY))).hasMessageContaining("does not authenticate");
    }

    @Test
    void keysMustBe32Base64Bytes() {
        assertThat(EncryptionKey.validate(Secret.of("c2hvcnQ=")).message()).contains("decodes to 5 bytes");
        assertThat(EncryptionKey.validate(Secret.of("not base64!")).message()).contains("not base64").doesNotContain("not base64!");
        assertThat(EncryptionKey.validate(Secret.of(" ")).isError()).isTrue();
    }
}
