package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * O(1) API calls per decision, by construction: no class the placement policy can reach refers to the Kubernetes client or to
 * any network or I/O type, so a decision reads only the snapshots it is given (the informer-fed load) and costs no API call;
 * the one call a placement makes is the pod create, by kubernetes-plugin's launcher. Checked on the compiled classes' constant
 * pools, following every class of the engine they mention.
 */
class PolicyMakesNoApiCallsTest {

    private static final String ENGINE = "io/jenkins/plugins/kubeops/engine/";
    private static final String[] FORBIDDEN = {"io/fabric8/kubernetes/client/", "java/net/", "java/net/http/", "java/io/File",
        "java/nio/file/", "java/nio/channels/", "okhttp3/", "io/etcd/"};

    @Test
    void thePolicyReachesNoClientNetworkOrFileType() throws IOException {
        Set<String> reached = reachableEngineClasses(LeastLoadPolicy.class, ProvisionHistory.class);
        Set<String> offending = new TreeSet<>();
        for (String engineClass : reached) {
            for (String referenced : classNamesIn(engineClass)) {
                for (String forbidden : FORBIDDEN) {
                    if (referenced.startsWith(forbidden)) {
                        offending.add(engineClass + " -> " + referenced);
                    }
                }
            }
        }

        assertThat(reached).contains(ENGINE + "pool/LeastLoadPolicy", ENGINE + "pool/MemberLoad", ENGINE + "pool/Placement");
        assertThat(offending).isEmpty();
    }

    @Test
    void theCheckSeesAClientReference() throws IOException {
        // The gateway that feeds the load does talk to the API: the check must be able to tell.
        assertThat(classNamesIn(ENGINE + "cluster/ClusterInfoGateway"))
                .anyMatch(name -> name.startsWith("io/fabric8/kubernetes/client/"));
    }

    private static Set<String> reachableEngineClasses(Class<?>... roots) throws IOException {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (Class<?> root : roots) {
            todo.add(root.getName().replace('.', '/'));
        }
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            for (String referenced : classNamesIn(name)) {
                if (referenced.startsWith(ENGINE) && !seen.contains(referenced)) {
                    todo.add(referenced);
                }
            }
        }
        return seen;
    }

    /** Class names a class file refers to: its Class constants and the types named in descriptors. */
    static Set<String> classNamesIn(String internalName) throws IOException {
        Set<String> names = new HashSet<>();
        try (InputStream in = PolicyMakesNoApiCallsTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            assertThat(in).as("class file of " + internalName).isNotNull();
            DataInputStream data = new DataInputStream(in);
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            data.readUnsignedShort(); // major
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> collectNames(data.readUTF(), names);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.readInt();
                    case 5, 6 -> {
                        data.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> data.readUnsignedShort();
                    case 15 -> {
                        data.readUnsignedByte();
                        data.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + internalName);
                }
            }
        }
        return names;
    }

    /** A UTF-8 constant is a class name ("a/b/C"), a descriptor ("(La/b/C;)V") or other text: keep what looks like a type. */
    private static void collectNames(String utf, Set<String> names) {
        int start = utf.indexOf('L');
        while (start >= 0) {
            int end = utf.indexOf(';', start);
            if (end < 0) {
                break;
            }
            names.add(utf.substring(start + 1, end));
            start = utf.indexOf('L', end);
        }
        if (utf.indexOf('/') > 0 && utf.indexOf(' ') < 0 && utf.indexOf(';') < 0 && utf.indexOf('(') < 0) {
            names.add(utf.startsWith("[") ? utf.replaceAll("^\\[+L?", "") : utf);
        }
    }
}
