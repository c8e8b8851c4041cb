package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificates and private keys in every encoding a cluster hands out: PKCS#1 ("RSA PRIVATE KEY") and SEC1
 * ("EC PRIVATE KEY") as kubeadm and openssl write them, and PKCS#8 ("PRIVATE KEY"). Messages name the item, never its content.
 */
public final class PemMaterial {

    private PemMaterial() {
    }

    public static List<X509Certificate> certificates(String pem, String what) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new KubeOpsException(what + " is not a PEM certificate: give the file that starts with "
                    + "-----BEGIN CERTIFICATE----- (e.g. /etc/kubernetes/pki/etcd/ca.crt).");
        }
        try {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new KubeOpsException(what + " holds no certificate: give a complete PEM block.");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new KubeOpsException(what + " could not be read (" + e.getMessage() + "): give a complete PEM block.", e);
        }
    }

    public static PrivateKey privateKey(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                // Not getKeyPair(): a SEC1 key may omit its public part, which Go's TLS stack does not need either.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new KubeOpsException(what + " is not an unencrypted PEM private key (found "
                    + (object == null ? "no PEM block" : "a " + object.getClass().getSimpleName())
                    + "): give the key file that starts with -----BEGIN RSA PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- "
                    + "or -----BEGIN PRIVATE KEY----- (e.g. /etc/kubernetes/pki/etcd/healthcheck-client.key).");
        } catch (IOException | RuntimeException e) {
            if (e instanceof KubeOpsException known) {
                throw known;
            }
            throw new KubeOpsException(what + " could not be read as a PEM private key (" + e.getClass().getSimpleName()
                    + "): give an unencrypted PKCS#1, SEC1 or PKCS#8 key file.", e);
        }
    }
}
