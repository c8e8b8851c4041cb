package io.jenkins.plugins.kubeops.jenkins.canary;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisPolicy;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisRound;
import io.jenkins.plugins.kubeops.engine.canary.CanaryAnalysis;
import io.jenkins.plugins.kubeops.engine.canary.MetricResult;
import io.jenkins.plugins.kubeops.engine.canary.PrometheusCanaryAnalysis;
import io.jenkins.plugins.kubeops.engine.canary.PrometheusClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.net.URI;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** The engine's Prometheus analysis for a step: the server's address, and a Secret text credential as bearer token. */
final class CanaryAnalyses {

    private CanaryAnalyses() {
    }

    static CanaryAnalysis of(@CheckForNull String prometheus, @CheckForNull String credentialsId, Run<?, ?> run) {
        if (prometheus == null) {
            // As the CLI without --prometheus: every measurement is an error, which the engine's rules turn into a failure.
            return (metrics, targets, now) -> new AnalysisRound(now, metrics.stream().map(metric -> MetricResult.error(
                    metric.name(), "no Prometheus to measure it: pass prometheus: URL to kubeCanary")).toList());
        }
        URI address;
        try {
            address = URI.create(prometheus);
        } catch (IllegalArgumentException e) {
            throw new KubeOpsException("prometheus '" + prometheus + "' is not a URL: use e.g. http://prometheus.monitoring:9090.",
                    e);
        }
        PrometheusClient.Auth auth = PrometheusClient.Auth.none();
        if (credentialsId != null) {
            StringCredentials token = CredentialsProvider.findCredentialById(credentialsId, StringCredentials.class, run);
            if (token == null) {
                throw new KubeOpsException("prometheusCredentialsId '" + credentialsId + "' names no Secret text credential "
                        + "this build may use: add one (the Prometheus bearer token) or fix the id.");
            }
            auth = PrometheusClient.Auth.bearer(Secret.of(token.getSecret().getPlainText()));
        }
        return new PrometheusCanaryAnalysis(new PrometheusClient(address, PrometheusClient.DEFAULT_TIMEOUT, auth),
                AnalysisPolicy.DEFAULT_INTERVAL);
    }
}
