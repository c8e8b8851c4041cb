package io.jenkins.plugins.kubeops.jenkins.canary;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.canary.CanaryService;
import io.jenkins.plugins.kubeops.engine.canary.CanarySpec;
import io.jenkins.plugins.kubeops.engine.canary.CanarySpecParser;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState;
import io.jenkins.plugins.kubeops.engine.canary.CanaryValidation;
import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.jenkins.upgrade.ClusterStepDescriptor;
import io.jenkins.plugins.kubeops.jenkins.upgrade.ClusterStepExecution;
import io.jenkins.plugins.kubeops.jenkins.upgrade.StepValues;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code def r = kubeCanary(cluster: 'prod', spec: [...], action: 'start', returnWhenPaused: true)}: starts, resumes,
 * continues ({@code promote}) or rolls back ({@code abort}) a canary through the engine's {@link CanaryService}, on a
 * worker thread. Returns {@code [phase: 'PROMOTED' | 'ABORTED' | 'PAUSED', outcome, step, steps, weight, pausedFor]}. At a
 * {@code pause: {}} or an inconclusive analysis the engine stops for a person: with {@code returnWhenPaused} the step
 * returns PAUSED; without it the step waits (on its worker, never on the CPS thread) until the canary ends, continued
 * with {@code kube-ops canary promote} or ended with {@code kube-ops canary abort}.
 */
public final class KubeCanaryStep extends Step {

    static final List<String> ACTIONS = List.of("start", "resume", "promote", "abort");

    private final String cluster;
    private String namespace;
    private Map<String, Object> spec;
    private String specYaml;
    private String action;
    private String reason;
    private boolean returnWhenPaused;
    private boolean full;
    private String prometheus;
    private String prometheusCredentialsId;
    private String timeout;

    @DataBoundConstructor
    public KubeCanaryStep(String cluster) {
        this.cluster = StepValues.trimmed(cluster);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Request request;
        try {
            request = request();
        } catch (KubeOpsException e) {
            throw new AbortException("kubeCanary: " + e.getMessage());
        }
        return new Execution(context, cluster, request);
    }

    /** Everything checked before anything connects: the action, the spec (the engine's rules, all problems at once). */
    Request request() {
        String chosen = getAction();
        if (!ACTIONS.contains(chosen)) {
            throw new KubeOpsException(unknownAction(chosen));
        }
        Duration limit = Durations.parse("timeout", getTimeout());
        CanarySpec parsed = parse(spec, specYaml, namespace);
        return new Request(chosen, copy(spec), specYaml, namespace, reason == null ? "aborted from Jenkins" : reason,
                returnWhenPaused, full, prometheus, prometheusCredentialsId, limit.getSeconds(), parsed.namespace(),
                parsed.deployment());
    }

    static String unknownAction(String action) {
        return "action '" + action + "' is unknown: use one of " + String.join(", ", ACTIONS) + ".";
    }

    static CanarySpec parse(@CheckForNull Map<String, Object> spec, @CheckForNull String specYaml, @CheckForNull String namespace) {
        if ((spec == null) == (specYaml == null)) {
            throw new KubeOpsException("give the canary spec once: spec (a map, as in the YAML file) or specYaml (its text).");
        }
        return spec != null ? CanarySpecParser.fromMap(spec, Optional.ofNullable(namespace))
                : CanarySpecParser.fromYaml("specYaml", specYaml, Optional.ofNullable(namespace));
    }

    /** A plain, serializable copy of the pipeline's map (lists and maps nested), kept across restarts. */
    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), copyValue(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copyValue(item)));
            return copy;
        }
        return value == null || value instanceof Number || value instanceof Boolean ? value : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static @CheckForNull Map<String, Object> copy(@CheckForNull Map<String, Object> spec) {
        return spec == null ? null : (Map<String, Object>) copyValue(spec);
    }

    public String getCluster() {
        return cluster;
    }

    public @CheckForNull String getNamespace() {
        return namespace;
    }

    /** The namespace when the spec's target names none. */
    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = StepValues.blankToNull(namespace);
    }

    public @CheckForNull Map<String, Object> getSpec() {
        return spec;
    }

    /** The spec as maps and lists, the same keys as the CLI's YAML file. */
    @DataBoundSetter
    public void setSpec(Map<String, Object> spec) {
        this.spec = spec == null || spec.isEmpty() ? null : copy(spec);
    }

    public @CheckForNull String getSpecYaml() {
        return specYaml;
    }

    /** The spec as YAML text, for the form (or a file read with readFile). */
    @DataBoundSetter
    public void setSpecYaml(String specYaml) {
        this.specYaml = specYaml == null || specYaml.isBlank() ? null : specYaml;
    }

    public String getAction() {
        return action == null ? "start" : action;
    }

    @DataBoundSetter
    public void setAction(String action) {
        String value = StepValues.blankToNull(action);
        this.action = value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    public @CheckForNull String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = StepValues.blankToNull(reason);
    }

    public boolean isReturnWhenPaused() {
        return returnWhenPaused;
    }

    @DataBoundSetter
    public void setReturnWhenPaused(boolean returnWhenPaused) {
        this.returnWhenPaused = returnWhenPaused;
    }

    public boolean isFull() {
        return full;
    }

    /** With action promote: promote at once, skipping the steps left (else: continue past the pause). */
    @DataBoundSetter
    public void setFull(boolean full) {
        this.full = full;
    }

    public @CheckForNull String getPrometheus() {
        return prometheus;
    }

    @DataBoundSetter
    public void setPrometheus(String prometheus) {
        this.prometheus = StepValues.blankToNull(prometheus);
    }

    public @CheckForNull String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = StepValues.blankToNull(prometheusCredentialsId);
    }

    public String getTimeout() {
        return timeout == null ? "24h" : timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepValues.blankToNull(timeout);
    }

    /** The step's values as the execution keeps them across a restart. */
    record Request(String action, Map<String, Object> spec, String specYaml, String namespace, String reason,
                   boolean returnWhenPaused, boolean full, String prometheus, String prometheusCredentialsId,
                   long timeoutSeconds, String targetNamespace, String deployment) implements Serializable {
    }

    private static final class Execution extends ClusterStepExecution {

        private static final long serialVersionUID = 1L;
        /** How often a step that does not return when paused looks whether someone continued or ended the canary. */
        private static final Duration PAUSED_CHECK = Duration.ofSeconds(5);

        private final Request request;

        Execution(StepContext context, String cluster, Request request) {
            super(context, "kubeCanary", cluster, Duration.ofSeconds(request.timeoutSeconds()));
            this.request = request;
        }

        @Override
        protected String describe() {
            return request.action() + " the canary of " + request.targetNamespace() + "/" + request.deployment();
        }

        @Override
        protected Object work(KubernetesClient client, Progress progress, boolean resumed, Instant deadline) throws Exception {
            CanaryService service = new CanaryService(client, CanaryAnalyses.of(request.prometheus(),
                    request.prometheusCredentialsId(), getContext().get(Run.class)), Clock.systemUTC());
            String namespace = request.targetNamespace();
            String deployment = request.deployment();
            String holder = holder();
            CanaryService.Report report;
            if (resumed) {
                // The engine keeps step, weight and analysis in the cluster: the driver simply continues from there.
                report = service.resume(namespace, deployment, holder, progress);
            } else {
                report = switch (request.action()) {
                    case "start" -> service.start(parse(request.spec(), request.specYaml(), request.namespace()), holder, progress);
                    case "resume" -> service.resume(namespace, deployment, holder, progress);
                    case "promote" -> service.promote(namespace, deployment, request.full(), holder, progress);
                    default -> service.abort(namespace, deployment, request.reason(), holder, progress);
                };
            }
            while (report.state().phase() == CanaryState.Phase.PAUSED && !request.returnWhenPaused()) {
                report = waitWhilePaused(service, report, progress);
            }
            return toMap(report);
        }

        /**
         * Paused for a person and told not to return: looks every few seconds (on the worker thread) until someone continues
         * or ends the canary, then follows it to its end.
         */
        private CanaryService.Report waitWhilePaused(CanaryService service, CanaryService.Report paused, Progress progress)
                throws InterruptedException {
            progress.say("paused: " + paused.state().paused().map(CanaryState.PauseReason::message).orElse("")
                    + "; waiting for 'kube-ops canary promote' or 'kube-ops canary abort' (or stop the build)");
            CanaryService.Report now = paused;
            while (true) {
                Thread.sleep(PAUSED_CHECK.toMillis());
                Optional<CanaryService.Report> current = service.status(request.targetNamespace(), request.deployment());
                if (current.isEmpty()) {
                    throw new KubeOpsException("the canary's state of " + request.targetNamespace() + "/" + request.deployment()
                            + " is gone from the cluster: check the Deployment and run the step again.");
                }
                CanaryState.Phase phase = current.get().state().phase();
                if (phase.finished() || (phase == CanaryState.Phase.PAUSED && now.state().phase() != CanaryState.Phase.PAUSED)) {
                    return current.get();
                }
                now = current.get();
            }
        }

        private static Map<String, Object> toMap(CanaryService.Report report) {
            CanaryState state = report.state();
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("phase", state.phase().name());
            map.put("outcome", state.outcome().orElse(null));
            map.put("step", Math.min(state.stepIndex() + 1, report.spec().steps().size()));
            map.put("steps", report.spec().steps().size());
            map.put("weight", state.weight());
            map.put("pausedFor", state.paused().map(CanaryState.PauseReason::message).orElse(null));
            return map;
        }
    }

    @Extension
    @Symbol("kubeCanary")
    public static final class DescriptorImpl extends ClusterStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeCanary";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: canary (shift traffic in steps, judge by Prometheus, promote or roll back)";
        }

        @POST
        public FormValidation doCheckNamespace(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> value == null || value.isBlank() ? Validation.ok()
                    : CanaryValidation.namespace("namespace", value.trim()));
        }

        @POST
        public FormValidation doCheckSpecYaml(@AncestorInPath Item item, @QueryParameter String value,
                                              @QueryParameter String namespace) {
            return check(item, () -> value == null || value.isBlank() ? Validation.ok()
                    : StepValues.validation(() -> parse(null, value, StepValues.blankToNull(namespace))));
        }

        @POST
        public FormValidation doCheckAction(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> value == null || value.isBlank() || ACTIONS.contains(value.trim().toLowerCase(Locale.ROOT))
                    ? Validation.ok() : Validation.error(unknownAction(value.trim())));
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return check(item, () -> Durations.check("timeout", value));
        }
    }
}
