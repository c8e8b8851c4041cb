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

    /** The rendered release: its objects and the final values (after defaults). */
    public record Rendered(List<Manifest> manifests, Map<String, Object> values) {
        public Rendered {
            manifests = List.copyOf(manifests);
        }
    }

    private ReleaseRenderer() {
    }

    public static Rendered render(ReleaseSpec spec, int revision) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Path file : spec.valuesFiles()) {
            values = Values.merge(values, SafeYaml.map(file.toString(), read(file)));
        }
        values = Values.set(values, spec.setValues());
        List<Manifest> manifests;
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
            manifests = renderHelm(((ReleaseSource.HelmChart) spec.source()).chart(), spec, values);
        }
        ManifestReader.requireUnique(manifests);
        return new Rendered(manifests, values);
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

    private static List<Manifest> renderHelm(Path chart, ReleaseSpec spec, Map<String, Object> values) {
        Path valuesFile = null;
        try {
            valuesFile = Files.createTempFile("kube-ops-values", ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(valuesFile, io.fabric8.kubernetes.client.utils.Serialization.asYaml(values));
            TemplateCommand command = new Helm(chart).template().withName(spec.name()).withNamespace(spec.namespace())
                    .withValuesFile(valuesFile);
            return ManifestReader.read("helm chart " + chart, command.call());
        } catch (IOException e) {
            throw new KubeOpsException("cannot pass values to Helm (" + e.getMessage() + ").", e);
        } catch (IllegalStateException e) {
            throw new KubeOpsException("Helm could not render chart " + chart + ": " + e.getMessage(), e);
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
