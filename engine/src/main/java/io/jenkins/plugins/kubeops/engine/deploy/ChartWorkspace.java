package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A private copy of a chart (directory or {@code .tgz}, subchart archives in {@code charts/} unpacked) prepared so that
 * Helm's client-only rendering (all helm-java offers) gives what {@code helm install} would:
 * <ul>
 * <li>hook annotations ({@code helm.sh/hook*}) are renamed to {@link #HOOK_TOKEN} in every text file and in the values, so
 * Helm leaves hook objects in the rendered manifest instead of taking them out; {@link #restore} renames them back;</li>
 * <li>{@code X.Capabilities.APIVersions.Has V} in templates asks the target cluster's served API versions (written into
 * {@value #API_VERSIONS_FILE}) instead of Helm's built-in list, which helm-java cannot replace.</li>
 * </ul>
 */
final class ChartWorkspace implements AutoCloseable {

    static final String HOOK_ANNOTATION = "helm.sh/hook";
    /** Never written by a chart: a key Helm does not know, so it keeps the object in the manifest. */
    static final String HOOK_TOKEN = "kube-ops.invalid/rendered-hook";
    static final String API_VERSIONS_TEMPLATE = "kube-ops.served-api-versions";
    static final String API_VERSIONS_FILE = "templates/_kube-ops-served-api-versions.tpl";
    /** {@code .Capabilities.APIVersions.Has}, {@code $.Capabilities...}, {@code $root.Capabilities...}, {@code .context.Capabilities...}. */
    private static final Pattern HAS = Pattern.compile("(?:\\([$\\w.]*\\))?[$\\w.]*\\.Capabilities\\.APIVersions\\.Has\\b");
    /** Helm's own limits for a chart archive (MaxDecompressedChartSize, MaxDecompressedFileSize). */
    static final long MAX_CHART_BYTES = 100L * 1024 * 1024;
    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;

    private final Path directory;
    private final Path chart;

    private ChartWorkspace(Path directory, Path chart) {
        this.directory = directory;
        this.chart = chart;
    }

    /**
     * Copies (or unpacks) the chart and rewrites it; {@code servedApiVersions} null keeps Helm's built-in list for
     * {@code .Capabilities.APIVersions.Has}.
     */
    static ChartWorkspace prepare(Path source, Set<String> servedApiVersions) {
        Path directory;
        try {
            directory = Files.createTempDirectory("kube-ops-chart");
        } catch (IOException e) {
            throw new KubeOpsException("cannot create a working copy of chart " + source + " (" + e.getMessage() + ").", e);
        }
        ChartWorkspace workspace = null;
        try {
            Path chart;
            if (Files.isDirectory(source)) {
                chart = directory.resolve("chart");
                copy(source.toRealPath(), chart);
            } else if (Files.isRegularFile(source)) {
                chart = unpack(source, directory);
            } else {
                throw new KubeOpsException("chart " + source + " does not exist: pass a chart directory or a .tgz archive.");
            }
            workspace = new ChartWorkspace(directory, chart);
            unpackSubcharts(chart);
            rewriteTree(chart, servedApiVersions != null);
            if (servedApiVersions != null) {
                Files.createDirectories(chart.resolve("templates"));
                Files.writeString(chart.resolve(API_VERSIONS_FILE), apiVersionsTemplate(servedApiVersions));
            }
            return workspace;
        } catch (IOException e) {
            delete(directory);
            throw new KubeOpsException("cannot prepare chart " + source + " for rendering (" + e.getMessage() + ").", e);
        } catch (RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    Path chart() {
        return chart;
    }

    /**
     * The YAML files in {@code crds/} directories (the chart's and its subcharts'), relative to the chart: {@code helm install}
     * creates these before rendering; Kube Ops applies them with the release, first.
     */
    List<String> crdFiles() {
        try (Stream<Path> walk = Files.walk(chart)) {
            return walk.filter(Files::isRegularFile).map(file -> chart.relativize(file).toString())
                    .filter(path -> (path.startsWith("crds/") || path.contains("/crds/"))
                            && (path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".json")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new KubeOpsException("cannot list the CRDs of chart " + chart.getFileName() + " (" + e.getMessage() + ").", e);
        }
    }

    /** Values text as the rewritten chart expects it (hook annotations given in values are renamed too). */
    static String rewriteValues(String yaml) {
        return yaml.replace(HOOK_ANNOTATION, HOOK_TOKEN);
    }

    /** The rendered text with hook annotations (and any other text that mentioned them) back as the chart wrote them. */
    static String restore(String rendered) {
        return rendered.replace(HOOK_TOKEN, HOOK_ANNOTATION);
    }

    /** A template with every {@code .Capabilities.APIVersions.Has} call asking the served set instead. */
    static String rewriteTemplate(String template) {
        Matcher matcher = HAS.matcher(template.replace(HOOK_ANNOTATION, HOOK_TOKEN));
        return matcher.replaceAll(Matcher.quoteReplacement("hasKey (include \"" + API_VERSIONS_TEMPLATE + "\" (dict) | fromYaml)"));
    }

    /** A partial defining the served API versions as YAML keys, for {@code hasKey}. */
    static String apiVersionsTemplate(Set<String> servedApiVersions) {
        StringBuilder text = new StringBuilder("{{- define \"" + API_VERSIONS_TEMPLATE + "\" -}}\n");
        servedApiVersions.stream().sorted().forEach(version -> text.append('"').append(version.replace("\"", ""))
                .append("\": true\n"));
        return text.append("{{- end -}}\n").toString();
    }

    @Override
    public void close() {
        delete(directory);
    }

    private static void rewriteTree(Path chart, boolean servedApiVersions) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(chart)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String text = utf8(bytes);
            if (text == null) {
                continue; // binary files (icons, archives) are passed as they are
            }
            boolean template = servedApiVersions && chart.relativize(file).toString().contains("templates/");
            String rewritten = template ? rewriteTemplate(text) : text.replace(HOOK_ANNOTATION, HOOK_TOKEN);
            if (!rewritten.equals(text)) {
                Files.writeString(file, rewritten);
            }
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    throw new KubeOpsException("chart " + source + " contains the symbolic link " + source.relativize(path)
                            + ": replace it with the file it points to.");
                }
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        }
    }

    /** Subchart archives in {@code charts/} (at any depth) become directories, so their templates are rewritten too. */
    private static void unpackSubcharts(Path chart) throws IOException {
        Path charts = chart.resolve("charts");
        if (!Files.isDirectory(charts)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(charts)) {
            entries = list.sorted().toList();
        }
        for (Path entry : entries) {
            if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".tgz")) {
                Path unpacked = unpack(entry, Files.createTempDirectory(charts, ".unpack"));
                Path target = charts.resolve(unpacked.getFileName().toString());
                if (Files.exists(target)) {
                    throw new KubeOpsException("chart " + chart.getFileName() + " has both charts/" + entry.getFileName()
                            + " and charts/" + target.getFileName() + ": keep one of them.");
                }
                Files.move(unpacked, target);
                delete(unpacked.getParent());
                Files.delete(entry);
                unpackSubcharts(target);
            } else if (Files.isDirectory(entry)) {
                unpackSubcharts(entry);
            }
        }
    }

    /** Unpacks a chart archive (one top directory) safely: no paths outside it, no links, Helm's size limits. */
    private static Path unpack(Path archive, Path into) throws IOException {
        String top = null;
        long total = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            String longName = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || isZero(header)) {
                    break;
                }
                long size = octal(header, 124, 12, archive);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                if (type == 'x' || type == 'L') { // PAX or GNU header carrying the next entry's long name
                    String text = new String(readEntry(in, size, archive), StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                    continue;
                }
                if (type == 'g') {
                    readEntry(in, size, archive);
                    continue;
                }
                String path = safePath(name, archive);
                if (type == '5') {
                    skipPadding(in, 0);
                    continue;
                }
                if (type != '0' && type != '\0') {
                    throw new KubeOpsException("chart archive " + archive + " contains " + name + ", which is not a regular file "
                            + "(links are not accepted): repackage the chart with 'helm package'.");
                }
                total += size;
                if (size > MAX_FILE_BYTES || total > MAX_CHART_BYTES) {
                    throw new KubeOpsException("chart archive " + archive + " is larger than Helm accepts (" + name
                            + "): at most 5 MiB per file and 100 MiB in all.");
                }
                String first = path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
                if (top == null) {
                    top = first;
                } else if (!top.equals(first) || path.equals(first)) {
                    throw new KubeOpsException("chart archive " + archive + " has more than one top directory (" + top + ", "
                            + first + "): a chart archive holds one chart directory.");
                }
                Path target = into.resolve(path);
                Files.createDirectories(target.getParent());
                Files.write(target, readEntry(in, size, archive));
            }
        }
        if (top == null) {
            throw new KubeOpsException("chart archive " + archive + " is empty: package the chart with 'helm package'.");
        }
        return into.resolve(top);
    }

    private static byte[] readEntry(InputStream in, long size, Path archive) throws IOException {
        if (size > MAX_FILE_BYTES) {
            throw new KubeOpsException("chart archive " + archive + " has an entry larger than 5 MiB: Helm refuses it too.");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new KubeOpsException("chart archive " + archive + " ends early: the copy is truncated; package it again.");
        }
        skipPadding(in, size);
        return data;
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long padding = (512 - size % 512) % 512;
        in.readNBytes((int) padding);
    }

    private static String safePath(String name, Path archive) {
        String path = name.startsWith("./") ? name.substring(2) : name;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
            throw new KubeOpsException("chart archive " + archive + " contains the unsafe path '" + name + "': it is refused.");
        }
        return path;
    }

    private static String name(byte[] header) {
        String name = field(header, 0, 100);
        // Only POSIX ustar ("ustar\0") has a prefix field; GNU tar ("ustar ") keeps other data there.
        boolean posix = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar") && header[262] == 0;
        String prefix = posix ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length, Path archive) {
        String text = field(header, offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new KubeOpsException("chart archive " + archive + " is not a tar.gz archive Helm could read: package it with 'helm package'.", e);
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            paths.sort(Comparator.reverseOrder());
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a leftover private temp directory is harmless
        }
    }
}
