package io.jenkins.plugins.kubeops.engine.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * From a release source and values to validated manifests: values files and {@code --set} merged over the defaults, schema
 * defaults filled in and every schema violation reported at once, templates rendered, YAML parsed safely. Pure apart from
 * reading the source files.
 */
public final class ReleaseRenderer {

    /**
     * The rendered release: its objects, a chart's hooks (apart from the objects), notes on what was skipped, and the final
     * values (after defaults).
     */
    public record Rendered(List<Manifest> manifests, List<HookPlan.Hook> hooks, List<String> notes, Map<String, Object> values) {
        public Rendered {
            manifests = List.copyOf(manifests);
            hooks = List.copyOf(hooks);
            notes = List.copyOf(notes);
        }
    }

    /**
     * What a chart sees as {@code .Capabilities} of the cluster it is rendered for, as {@code helm install} reads them.
     *
     * @param kubeVersion the server's version ({@code v1.36.4})
     * @param apiVersions served group versions and group version/kinds ({@code apps/v1}, {@code apps/v1/Deployment})
     */
    public record ClusterCapabilities(String kubeVersion, java.util.Set<String> apiVersions) {
        public ClusterCapabilities {
            java.util.Objects.requireNonNull(kubeVersion, "kubeVersion");
            apiVersions = java.util.Set.copyOf(apiVersions);
        }

        /** Read from the cluster through discovery (one version call, the group list, a resource list per group version). */
        public static ClusterCapabilities of(ApiKinds kinds) {
            return new ClusterCapabilities(kinds.serverVersion(), kinds.servedApiVersions());
        }
    }

    private ReleaseRenderer() {
    }

    /** Renders without a cluster: charts see Helm's built-in capabilities (tests and offline checks only). */
    public static Rendered render(ReleaseSpec spec, int revision) {
        return render(spec, revision, null);
    }

    /**
     * @param capabilities the target cluster's, asked only when the source is a Helm chart; null for Helm's built-in ones
     */
    public static Rendered render(ReleaseSpec spec, int revision, java.util.function.Supplier<ClusterCapabilities> capabilities) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Path file : spec.valuesFiles()) {
            values = Values.merge(values, SafeYaml.map(file.toString(), read(file)));
        }
        values = Values.set(values, spec.setValues());
        List<Manifest> manifests;
        List<HookPlan.Hook> hooks = List.of();
        List<String> notes = List.of();
        if (spec.source() instanceof ReleaseSource.TemplateDirectory directory) {
            Map<String, Object> finalValues = templateValues(directory.directory(), values, Values.setTexts(spec.setValues()));
            manifests = renderTemplates(directory.directory(), spec, finalValues, revision);
            values = finalValues;
        } else if (spec.source() instanceof ReleaseSource.ManifestFiles files) {
            manifests = new ArrayList<>();
            for (Path file : yamlFiles(files.paths())) {
                manifests.addAll(ManifestReader.read(file.toString(), read(file)));
            }
        } else {
            List<String> crdNotes = new ArrayList<>();
            List<Manifest> all = renderHelm(((ReleaseSource.HelmChart) spec.source()).chart(), spec, values,
                    capabilities == null ? null : capabilities.get(), crdNotes);
            ManifestReader.requireUnique(all);
            HookPlan.Split split = HookPlan.split(all);
            manifests = split.release();
            hooks = split.hooks();
            notes = new ArrayList<>(split.notes());
            notes.addAll(crdNotes);
        }
        ManifestReader.requireUnique(manifests);
        return new Rendered(manifests, hooks, notes, values);
    }

    private static Map<String, Object> templateValues(Path directory, Map<String, Object> given, Map<String, String> setTexts) {
        Path defaults = directory.resolve("values.yaml");
        Map<String, Object> values = Files.isRegularFile(defaults)
                ? Values.merge(SafeYaml.map(defaults.toString(), read(defaults)), given) : given;
        Path schemaFile = directory.resolve("values.schema.json");
        if (!Files.isRegularFile(schemaFile)) {
            return values;
        }
        ValuesSchema schema = ValuesSchema.parse(schemaFile.toString(), read(schemaFile));
        Map<String, Object> withDefaults = schema.withDeclaredStrings(schema.withDefaults(values), setTexts);
        List<ValuesSchema.Violation> violations = schema.validate(withDefaults);
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("values do not match ").append(schemaFile).append(" (")
                    .append(violations.size()).append(violations.size() == 1 ? " problem" : " problems").append("):");
            violations.forEach(violation -> message.append("\n  ").append(violation));
            message.append("\nfix them in your values files or --set arguments.");
            throw new KubeOpsException(message.toString());
        }
        return withDefaults;
    }

    private static List<Manifest> renderTemplates(Path directory, ReleaseSpec spec, Map<String, Object> values, int revision) {
        Path templates = directory.resolve("templates");
        if (!Files.isDirectory(templates)) {
            throw new KubeOpsException("template directory " + directory + " has no templates/ directory: put the release's "
                    + "Jinja templates (*.yaml, *.yml, *.j2) there.");
        }
        TemplateRenderer renderer = new TemplateRenderer(templates);
        Map<String, Object> context = Map.of("values", values,
                "release", Map.of("name", spec.name(), "namespace", spec.namespace(), "revision", revision));
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : yamlFiles(List.of(templates))) {
            if (file.getFileName().toString().startsWith("_")) {
                continue;
            }
            String source = directory.relativize(file).toString();
            manifests.addAll(ManifestReader.read(source, renderer.render(source, read(file), context)));
        }
        return manifests;
    }

    /**
     * Renders with real Helm (helm-java, client-only: all it offers) from a private copy of the chart that makes the result
     * what {@code helm install} would render for the target cluster: its version as {@code .Capabilities.KubeVersion} (and
     * for the chart's {@code kubeVersion} constraint), its served API versions for {@code .Capabilities.APIVersions.Has},
     * and hooks kept in the output (see {@link ChartWorkspace}).
     */
    private static List<Manifest> renderHelm(Path chart, ReleaseSpec spec, Map<String, Object> values,
                                             ClusterCapabilities capabilities, List<String> notes) {
        Path valuesFile = null;
        try (ChartWorkspace workspace = ChartWorkspace.prepare(chart, capabilities == null ? null : capabilities.apiVersions())) {
            valuesFile = Files.createTempFile("kube-ops-values", ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(valuesFile, ChartWorkspace.rewriteValues(io.fabric8.kubernetes.client.utils.Serialization.asYaml(values)));
            TemplateCommand command = new Helm(workspace.chart()).template().withName(spec.name()).withNamespace(spec.namespace())
                    .withValuesFile(valuesFile);
            if (capabilities != null) {
                command = command.withKubeVersion(capabilities.kubeVersion());
            }
            // helm install creates the crds/ files (plain YAML, never templated) before the release's objects: so do we, as
            // release objects, which the apply order puts first and pruning never deletes
            List<String> crds = workspace.crdFiles();
            List<Manifest> manifests = new ArrayList<>();
            for (String file : crds) {
                manifests.addAll(ManifestReader.read("chart " + chart.getFileName() + " " + file,
                        ChartWorkspace.restore(Files.readString(workspace.chart().resolve(file)))));
            }
            if (!crds.isEmpty()) {
                notes.add("the chart's crds/ files are applied first (" + String.join(", ", crds) + "); unlike helm, a later "
                        + "deploy updates them; like helm, they are never deleted");
            }
            manifests.addAll(ManifestReader.read("helm chart " + chart, ChartWorkspace.restore(command.call())));
            return manifests;
        } catch (IOException e) {
            throw new KubeOpsException("cannot pass values to Helm (" + e.getMessage() + ").", e);
        } catch (IllegalStateException e) {
            throw new KubeOpsException("Helm could not render chart " + chart + (capabilities == null ? "" : " for Kubernetes "
                    + capabilities.kubeVersion()) + ": " + ChartWorkspace.restore(String.valueOf(e.getMessage())), e);
        } finally {
            if (valuesFile != null) {
                try {
                    Files.deleteIfExists(valuesFile);
                } catch (IOException ignored) {
                    // a leftover private temp file is harmless
                }
            }
        }
    }

    /** YAML files of the given files and directories (recursively), in a stable order. */
    static List<Path> yamlFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(ReleaseRenderer::isYaml).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new KubeOpsException("cannot list " + path + " (" + e.getMessage() + ").", e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new KubeOpsException("manifest path " + path + " does not exist: pass existing files or directories.");
            }
        }
        return files;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".j2");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new KubeOpsException("cannot read " + file + " (" + e.getMessage() + "): check the path and permissions.", e);
        }
    }
}
