package io.jenkins.plugins.kubeops.engine.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helm charts for tests, written into a directory: capabilities and hooks, the way public charts use them. */
final class HelmCharts {

    private HelmCharts() {
    }

    /**
     * Chart "app" (kubeVersion >=1.23.0-0): a ConfigMap reporting what the chart saw as .Capabilities, a Deployment, and hooks
     * whose pods kwok completes: a pre-install Job, a pre-upgrade Job (weight -1) after a pre-upgrade ConfigMap (weight
     * -5), a post-install/post-upgrade Job deleted when it succeeded, a post-rollback ConfigMap; with {@code failOn=EVENT}
     * a Job that fails (kwok leaves its pod alone, so it exceeds its deadline) runs for that event (weight 3).
     */
    static Path app(Path dir) {
        Path chart = dir.resolve("app");
        write(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\nkubeVersion: \">=1.23.0-0\"\n");
        write(chart.resolve("values.yaml"), "image: registry.invalid/web:1\nwidgetGroup: widgets.example.com\nfailOn: \"\"\n");
        write(chart.resolve("templates/_helpers.tpl"), """
                {{- define "app.job" -}}
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: {{ .name }}
                  annotations:
                    {{- toYaml .annotations | nindent 4 }}
                spec:
                  backoffLimit: 0
                  {{- if .fail }}
                  activeDeadlineSeconds: 2
                  {{- end }}
                  template:
                    metadata:
                      labels:
                        {{- if .fail }}
                        kube-ops.test/manual-status: "true"
                        {{- end }}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: task, image: registry.invalid/task:1}
                {{- end -}}
                """);
        write(chart.resolve("templates/capabilities.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-capabilities
                data:
                  kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
                  jobs: {{ .Capabilities.APIVersions.Has "batch/v1/Job" | quote }}
                  widgets: {{ $.Capabilities.APIVersions.Has (printf "%s/v1" .Values.widgetGroup) | quote }}
                  flowSchemasBeta: {{ .Capabilities.APIVersions.Has "flowcontrol.apiserver.k8s.io/v1beta3" | quote }}
                """);
        write(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: {{ .Release.Name }}-web}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: {{ .Release.Name }}-web}}
                  template:
                    metadata: {labels: {app: {{ .Release.Name }}-web}}
                    spec:
                      containers:
                      - {name: web, image: {{ .Values.image | quote }}}
                """);
        write(chart.resolve("templates/hooks.yaml"), """
                {{ include "app.job" (dict "name" "install-db" "annotations" (dict "helm.sh/hook" "pre-install")) }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: upgrade-marker
                  annotations:
                    "helm.sh/hook": pre-upgrade
                    "helm.sh/hook-weight": "-5"
                data:
                  image: {{ .Values.image | quote }}
                ---
                {{ include "app.job" (dict "name" "migrate-db" "annotations" (dict "helm.sh/hook" "pre-upgrade" "helm.sh/hook-weight" "-1")) }}
                ---
                {{ include "app.job" (dict "name" "smoke-test" "annotations" (dict "helm.sh/hook" "post-install,post-upgrade" "helm.sh/hook-delete-policy" "before-hook-creation,hook-succeeded")) }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: rolled-back
                  annotations: {"helm.sh/hook": post-rollback}
                data:
                  image: {{ .Values.image | quote }}
                {{- if .Values.failOn }}
                ---
                {{ include "app.job" (dict "name" "broken-migration" "fail" true "annotations" (dict "helm.sh/hook" .Values.failOn "helm.sh/hook-weight" "3")) }}
                {{- end }}
                """);
        write(chart.resolve("templates/tests/test-connection.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: {{ .Release.Name }}-test-connection
                  annotations: {"helm.sh/hook": test}
                spec:
                  containers: [{name: wget, image: busybox}]
                """);
        return chart;
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
