package io.jenkins.plugins.kubeops.engine.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A release's {@code values.schema.json} (JSON Schema, draft 2020-12 unless it says otherwise): fills in the schema's
 * defaults, then reports every violation at once with its JSON path, the problem and the schema's description of the field.
 */
public final class ValuesSchema {

    /** One violation: where, what is wrong, and what the field is for. */
    public record Violation(String path, String problem, String description) {
        @Override
        public String toString() {
            return path + ": " + problem + (description.isEmpty() ? "" : " (" + description + ")");
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonNode schemaNode;
    private final Schema schema;

    private ValuesSchema(JsonNode schemaNode, Schema schema) {
        this.schemaNode = schemaNode;
        this.schema = schema;
    }

    public static ValuesSchema parse(String source, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            return new ValuesSchema(node, registry.getSchema(json, InputFormat.JSON));
        } catch (RuntimeException e) {
            throw new KubeOpsException("values schema " + source + " is not a valid JSON schema (" + e.getMessage()
                    + "): fix it, e.g. check it with a JSON schema validator.", e);
        }
    }

    /** The values with every missing property that has a {@code default} in the schema filled in (recursively). */
    public Map<String, Object> withDefaults(Map<String, Object> values) {
        Map<String, Object> result = Values.deepCopy(values);
        fill(schemaNode, result);
        return result;
    }

    /**
     * {@code --set} text is typed like YAML ({@code tag=2.0} is a number), but where the schema declares a string the user
     * meant the text: {@code 1.10} must not become {@code 1.1}. Replaces such values with the original text.
     *
     * @param setTexts the original text of each {@code --set}, by dotted path
     */
    public Map<String, Object> withDeclaredStrings(Map<String, Object> values, Map<String, String> setTexts) {
        Map<String, Object> result = Values.deepCopy(values);
        setTexts.forEach((path, text) -> {
            String[] keys = path.split("\\.");
            JsonNode node = schemaNode;
            for (String key : keys) {
                node = node.path("properties").path(key);
            }
            if (!"string".equals(node.path("type").asString(""))) {
                return;
            }
            Map<String, Object> parent = result;
            for (int i = 0; i < keys.length - 1; i++) {
                if (!(parent.get(keys[i]) instanceof Map<?, ?> next)) {
                    return;
                }
                parent = Values.asMap(next);
            }
            Object current = parent.get(keys[keys.length - 1]);
            if (current instanceof Number || current instanceof Boolean) {
                parent.put(keys[keys.length - 1], text);
            }
        });
        return result;
    }

    public List<Violation> validate(Map<String, Object> values) {
        JsonNode instance = JSON.valueToTree(values);
        List<Violation> violations = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            String path = error.getInstanceLocation().toString();
            violations.add(new Violation(path.isEmpty() ? "$" : path, error.getMessage().replaceFirst("^\\$[^:]*: ", ""),
                    description(error)));
        }
        return violations;
    }

    private String description(Error error) {
        String fragment = error.getSchemaLocation().getFragment().toString();
        List<String> segments = new ArrayList<>(List.of(fragment.replaceFirst("^#?/?", "").split("/")));
        if (!segments.isEmpty()) {
            segments.remove(segments.size() - 1); // the keyword that failed, e.g. "minimum"
        }
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            segments.add("properties");
            segments.add(error.getProperty());
        }
        JsonNode node = schemaNode;
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            node = node.isArray() ? node.path(Integer.parseInt(segment)) : node.path(segment.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode description = node.path("description");
        return description.isString() ? description.asString() : "";
    }

    private static void fill(JsonNode schema, Map<String, Object> values) {
        JsonNode properties = schema.path("properties");
        if (!properties.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String name = property.getKey();
            JsonNode propertySchema = property.getValue();
            if (!values.containsKey(name) && propertySchema.has("default")) {
                values.put(name, JSON.convertValue(propertySchema.get("default"), Object.class));
            }
            if (!values.containsKey(name) && "object".equals(propertySchema.path("type").asString(""))
                    && propertySchema.path("properties").isObject()) {
                Map<String, Object> nested = new LinkedHashMap<>();
                fill(propertySchema, nested);
                if (!nested.isEmpty()) {
                    values.put(name, nested);
                }
            } else if (values.get(name) instanceof Map<?, ?> nested) {
                fill(propertySchema, Values.asMap(nested));
            }
        }
    }
}
