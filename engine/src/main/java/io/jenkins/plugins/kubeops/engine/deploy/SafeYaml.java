package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * YAML reading with no object construction from tags (YAML 1.2 core schema via snakeyaml-engine: only maps, lists and
 * scalars; a {@code !!java/...} or any unknown tag is an error, never a class instantiation). Errors name the source, the
 * document and the line.
 */
public final class SafeYaml {

    /** One YAML document with where it came from. */
    public record Document(String source, int index, int line, Object content) {
    }

    private static final int MAX_ALIASES = 50;

    private SafeYaml() {
    }

    public static List<Document> documents(String source, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES).setAllowRecursiveKeys(false).setCodePointLimit(64 * 1024 * 1024).build();
        List<Document> documents = new ArrayList<>();
        int index = 0;
        try {
            for (Object content : new Load(settings).loadAllFromString(yaml)) {
                documents.add(new Document(source, index, firstLineOfDocument(yaml, index), content));
                index++;
            }
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            throw new KubeOpsException(source + ": document " + (index + 1) + ", line " + line + ": " + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")") + ": fix the YAML there.", e);
        } catch (YamlEngineException e) {
            throw new KubeOpsException(source + ": document " + (index + 1) + ": " + e.getMessage() + ": fix the YAML there.", e);
        }
        return documents;
    }

    /** A single mapping document (values files, schemas). Empty input is an empty map. */
    public static Map<String, Object> map(String source, String yaml) {
        List<Document> documents = documents(source, yaml);
        if (documents.isEmpty() || documents.get(0).content() == null) {
            return new java.util.LinkedHashMap<>();
        }
        if (documents.size() > 1) {
            throw new KubeOpsException(source + " has " + documents.size() + " YAML documents: it must hold one mapping.");
        }
        if (!(documents.get(0).content() instanceof Map<?, ?> map)) {
            throw new KubeOpsException(source + " must hold a mapping (key: value), not a "
                    + documents.get(0).content().getClass().getSimpleName() + ".");
        }
        return Values.deepCopy(Values.asMap(map));
    }

    /** 1-based line where document {@code index} starts (the line after its '---' separator, if it has one). */
    static int firstLineOfDocument(String yaml, int index) {
        String[] lines = yaml.split("\n", -1);
        List<Integer> separators = new ArrayList<>();
        boolean contentBeforeFirstSeparator = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("---")) {
                separators.add(i);
            } else if (separators.isEmpty() && !line.isBlank() && !line.trim().startsWith("#")) {
                contentBeforeFirstSeparator = true;
            }
        }
        int separator = contentBeforeFirstSeparator ? index - 1 : index;
        if (separator < 0) {
            return 1;
        }
        return separator < separators.size() ? separators.get(separator) + 2 : 0;
    }
}
