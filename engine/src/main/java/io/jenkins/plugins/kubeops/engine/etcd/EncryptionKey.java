package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AES-256 key for client-side backup encryption, given as 32 random bytes in base64 (e.g. {@code openssl rand -base64 32})
 * from a credential. Its {@link #id()} — a fingerprint, not the key — goes into each backup's metadata and header, so that
 * after a rotation the right key is picked for each backup: the new key encrypts, old keys stay listed for reading until
 * the last backup made with them has been pruned.
 */
public final class EncryptionKey {

    private static final int KEY_BYTES = 32;

    private final String id;
    private final Secret base64;

    private EncryptionKey(String id, Secret base64) {
        this.id = id;
        this.base64 = base64;
    }

    public static Validation validate(Secret base64) {
        if (base64 == null || base64.isBlank()) {
            return Validation.error("The encryption key is empty: give 32 random bytes in base64, e.g. from 'openssl rand -base64 32'.");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.reveal().trim());
        } catch (IllegalArgumentException e) {
            return Validation.error("The encryption key is not base64: give 32 random bytes in base64, e.g. from "
                    + "'openssl rand -base64 32'.");
        }
        int length = raw.length;
        Arrays.fill(raw, (byte) 0);
        return length == KEY_BYTES ? Validation.ok() : Validation.error("The encryption key decodes to " + length
                + " bytes; AES-256 needs 32: use 'openssl rand -base64 32'.");
    }

    public static EncryptionKey of(Secret base64) {
        validate(base64).throwIfError();
        byte[] raw = Base64.getDecoder().decode(base64.reveal().trim());
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("kube-ops etcd backup key id\n".getBytes(StandardCharsets.UTF_8));
            String id = Hex.of(digest.digest(raw)).substring(0, 16);
            return new EncryptionKey(id, Secret.of(base64.reveal().trim()));
        } catch (NoSuchAlgorithmException e) {
            throw new KubeOpsException("the JVM lacks SHA-256", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A fingerprint of the key (16 hex digits), safe to store and print. */
    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return new SecretKeySpec(Base64.getDecoder().decode(base64.reveal()), "AES");
    }

    @Override
    public String toString() {
        return "EncryptionKey[" + id + "]";
    }
}
