package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command run per node, written like a shell command line ({@code ssh {node} sudo kubeadm upgrade node}) but never given
 * to a shell: it is split into words once (single and double quotes, backslash escapes), and {@code {node}} and
 * {@code {version}} are replaced inside the words. Node names are checked to be DNS names first, so a name can never become
 * an option or a second command. Pure.
 */
public record CommandTemplate(String text, List<String> words) {

    public static final String NODE = "{node}";
    public static final String VERSION = "{version}";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public CommandTemplate {
        words = List.copyOf(words);
    }

    public static CommandTemplate parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new KubeOpsException(what + " is empty: give a command such as 'ssh {node} sudo kubeadm upgrade node'.");
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new KubeOpsException(what + " '" + text + "' has an unclosed " + (quote == '"' ? "double" : "single")
                    + " quote: close it.");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return new CommandTemplate(text, words);
    }

    /** The same checks as {@link #parse}, for form fields; {@code needsNode}: the command must name the node. */
    public static Validation check(String what, String text, boolean needsNode) {
        try {
            CommandTemplate template = parse(what, text);
            if (needsNode && !template.usesNode()) {
                return Validation.error(what + " '" + text + "' does not contain " + NODE + ": without it every node would run "
                        + "the same command; e.g. 'ssh " + NODE + " sudo /usr/local/bin/upgrade-kubelet " + VERSION + "'.");
            }
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    public boolean usesNode() {
        return words.stream().anyMatch(w -> w.contains(NODE));
    }

    /** The command's words for one node; {@code node} may be null only when the template does not use it. */
    public List<String> render(String node, KubeVersion version) {
        if (node != null) {
            checkNodeName(node);
        } else if (usesNode()) {
            throw new KubeOpsException("the command '" + text + "' uses " + NODE + ", but this control plane runs on no node: "
                    + "give a control-plane command without " + NODE + ".");
        }
        return words.stream().map(w -> w.replace(VERSION, version.toString()).replace(NODE, node == null ? "" : node)).toList();
    }

    static void checkNodeName(String node) {
        if (node.length() > 253 || !DNS_SUBDOMAIN.matcher(node).matches()) {
            throw new KubeOpsException("node name '" + node + "' is not a DNS name (lower-case letters, digits, '-' and '.'): "
                    + "it is not put into a command.");
        }
    }
}
