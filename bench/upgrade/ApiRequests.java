import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API server's own count of the requests it served during a run ({@code apiserver_request_total} from /metrics), by
 * verb and resource: what each tool asks of the control plane, whoever's client sent it.
 */
final class ApiRequests {

    private static final Pattern SAMPLE = Pattern.compile("^apiserver_request_total\\{([^}]*)} ([0-9.e+]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final KubernetesClient client;
    private final Map<String, Double> start;

    ApiRequests(KubernetesClient client) {
        this.client = client;
        this.start = read(client);
    }

    /** "verb resource[/subresource]" to the requests served since this counter was made, most first. */
    Map<String, Long> since() {
        Map<String, Long> delta = new HashMap<>();
        read(client).forEach((key, value) -> {
            long served = Math.round(value - start.getOrDefault(key, 0.0));
            if (served > 0) {
                delta.put(key, served);
            }
        });
        return delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static Map<String, Double> read(KubernetesClient client) {
        Map<String, Double> totals = new HashMap<>();
        try {
            for (String line : client.raw("/metrics").split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                Matcher label = LABEL.matcher(sample.group(1));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                String subresource = labels.getOrDefault("subresource", "");
                String key = labels.get("verb") + " " + labels.get("resource") + (subresource.isEmpty() ? "" : "/" + subresource);
                totals.merge(key, Double.parseDouble(sample.group(2)), Double::sum);
            }
        } catch (RuntimeException e) {
            // no metrics for this identity: the run reports none
        }
        return totals;
    }
}
