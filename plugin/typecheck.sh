#!/usr/bin/env bash
# Type-checks the Jenkins plugin with javac against the real jenkinsci sources of the versions plugin/pom.xml pins, since
# Maven cannot resolve Jenkins artifacts here. Three runs:
#   main    plugin/src/main/java
#   test    plugin/src/test/java (with the main sources)
#   engine  engine/src/main/java against the libraries the plugin runs it with: the API plugins' versions (JARS_DIR)
#           plus what plugin/pom.xml still bundles (the engine's libraries less the exclusions on kube-ops-engine)
# Uses of @Restricted Jenkins API (NoExternalUse, DoNotUse, Beta) in plugin files count as errors of their run, as the
# access-modifier-checker of a real build would refuse them; and a read of the forms (typecheck-forms.py): Jelly fields vs databound properties and help files, @POST and a
# permission check on every doCheck/doFill/doTest.
#
#   plugin/typecheck.sh SOURCES_DIR [JARS_DIR]
#   plugin/typecheck.sh --fetch-jars JARS_DIR      copies the jars of plugin/typecheck-jars.txt from Maven Central
#
# SOURCES_DIR  one directory per jenkinsci repository, each extracted at the tag of the version the BOM manages (how to
#              bring them: plugin/README.md, "Type-check"). Every src/main/java below it goes on the -sourcepath; tests
#              and src/it of those repositories do not.
# JARS_DIR     the Maven Central jars those sources need and the API plugins' library versions
#              (plugin/typecheck-jars.txt); default SOURCES_DIR/../jars.
# Needs a JDK 21 or newer (found through JAVA_HOME, PATH or /usr/lib/jvm), Maven, python3. Builds the engine with
# `mvn -pl engine -am package` from this checkout.
#
# Versions (bom-2.568.x 6916.v15ec97679743, plugin parent 6.2221.va_045130417c9), tag = version unless said:
#   jenkins (core) jenkins-2.568.2, stapler 2088.v915606dc8e86, structs 362.va_b_695ef4fdf9,
#   credentials 1511.v2e3cb_0008ef0, plain-credentials 199.v9f8e1f741799, workflow-step-api 724.v538c2362b_dfb_,
#   workflow-api 1413.v2ff1a_5e720fa_, workflow-support 1015.v785e5a_b_b_8b_22, workflow-cps 4370.v49a_6937566b_6,
#   workflow-job 1571.1580.v18e46842c125, workflow-basic-steps 1098.v808b_fd7f8cf4, kubernetes 4547.v52f3080db_8cd,
#   kubernetes-credentials 207.v492f58828b_ed, cloudbees-folder 6.1106.v3a_d9a_6d2465e,
#   configuration-as-code 2117.vc05a_0b_e6b_f4e, jenkins-test-harness 2578.v44660312fd37;
#   libraries of core: remoting 3355.3357.v931d3c992987, lib-annotation-indexer 1.213.v92788b_1f0a_21,
#   lib-access-modifier access-modifier-1.35, lib-symbol-annotation symbol-annotation-1.26,
#   lib-task-reactor task-reactor-1.10, lib-version-number version-number-1.14, lib-crypto-util crypto-util-1.11,
#   bridge-method-injector bridge-method-injector-parent-1.32.
#   Where the public history lacks the exact tag, take the closest commit before it and say so (plugin/README.md).
#
# Output: only errors located in plugin files (or engine files, for the engine run), then one count per run. Errors
# inside the jenkinsci sources (optional libraries their method bodies use) are counted but not shown.
# -XDshould-stop.ifError=FLOW keeps javac attributing the plugin although Jenkins sources have errors; canary files calling
# methods that do not exist prove it: if a canary's error is not reported, the check is broken and says so.
# org.jvnet.localizer is not on Maven Central: stand-ins are written to a scratch directory, and each Messages.java is
# generated from its Messages.properties as the localizer Maven plugin would.
# Exit status: 0 when every count is 0, 1 when there are errors, 2 when the check itself could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

if [[ "${1:-}" == --fetch-jars ]]; then
  out=$(realpath -m "${2:?usage: $0 --fetch-jars JARS_DIR}")
  mkdir -p "$out"
  pom=$(mktemp -d)/pom.xml
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo '<groupId>local.typecheck</groupId><artifactId>jars</artifactId><version>0</version><packaging>pom</packaging>'
    echo '<dependencies>'
    grep -vE '^\s*(#|$)' "$here/typecheck-jars.txt" | while IFS=: read -r g a v c; do
      echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version>${c:+<classifier>$c</classifier>}</dependency>"
    done
    echo '</dependencies></project>'
  } > "$pom"
  mvn -B -q -f "$pom" dependency:copy-dependencies -DexcludeTransitive=true -DoutputDirectory="$out"
  echo "$(ls "$out" | wc -l) jars in $out"
  exit 0
fi

sources=$(realpath "${1:?usage: $0 SOURCES_DIR [JARS_DIR]}")
jars=$(realpath "${2:-$sources/../jars}")

# javac 21 or newer (--release 21: Jenkins 2.568.x is compiled for Java 21).
find_javac() {
  local candidate
  for candidate in "${JAVA_HOME:-}/bin/javac" "$(command -v javac || true)" /usr/lib/jvm/*/bin/javac; do
    [[ -x "$candidate" ]] || continue
    local major
    major=$("$candidate" -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then echo "$candidate"; return; fi
  done
  echo "typecheck: no javac 21+ found (JAVA_HOME, PATH, /usr/lib/jvm); install a JDK 21 or newer" >&2
  exit 2
}
javac=$(find_javac)

scratch=${KEEP_SCRATCH:-$(mktemp -d)}
trap '[[ -n "${KEEP_SCRATCH:-}" ]] || rm -rf "$scratch"' EXIT

# The engine jar, built from this checkout, and the engine's own libraries (runtime scope) as Maven resolved them.
if ! (cd "$root" && mvn -B -q -pl engine -am package dependency:build-classpath -DskipTests \
      -DincludeScope=runtime -Dmdep.outputFile=target/typecheck-runtime-classpath.txt) \
      > "$scratch/engine-build.log" 2>&1; then
  echo "typecheck: the engine build failed (mvn -pl engine -am package):" >&2
  tail -30 "$scratch/engine-build.log" >&2
  exit 2
fi
engine_jar=$(ls "$root"/engine/target/kube-ops-engine-*.jar | grep -vE -- '-(tests|sources)\.jar$' | head -1)
engine_tests_jar=$(ls "$root"/engine/target/kube-ops-engine-*-tests.jar | head -1) # the engine's test fixtures

# The libraries the plugin bundles: the engine's, less those plugin/pom.xml excludes from the engine dependency (they
# come from API plugins, whose versions are in JARS_DIR).
python3 - "$here/pom.xml" "$root/engine/target/typecheck-runtime-classpath.txt" > "$scratch/bundled-classpath.txt" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {'m': 'http://maven.apache.org/POM/4.0.0'}
pom = ET.parse(sys.argv[1]).getroot()
excluded = []
for dep in pom.iterfind('m:dependencies/m:dependency', ns):
    if (dep.findtext('m:artifactId', namespaces=ns) == 'kube-ops-engine'
            and dep.findtext('m:type', 'jar', namespaces=ns) == 'jar'
            and dep.findtext('m:scope', 'compile', namespaces=ns) == 'compile'):
        for ex in dep.iterfind('m:exclusions/m:exclusion', ns):
            excluded.append((ex.findtext('m:groupId', namespaces=ns), ex.findtext('m:artifactId', namespaces=ns)))
if not excluded:
    sys.exit('typecheck: no kube-ops-engine dependency with exclusions in ' + sys.argv[1])
kept = []
for jar in open(sys.argv[2]).read().strip().split(':'):
    parts = jar.split('/repository/', 1)[-1].split('/')
    group, artifact = '.'.join(parts[:-3]), parts[-3]
    if not any(g in ('*', group) and a in ('*', artifact) for g, a in excluded):
        kept.append(jar)
print(':'.join(kept))
PY

# org.jvnet.localizer is not on Maven Central: three stand-ins with the signatures Jenkins and stapler use.
mkdir -p "$scratch/localizer/org/jvnet/localizer"
cat > "$scratch/localizer/org/jvnet/localizer/ResourceBundleHolder.java" <<'JAVA'
package org.jvnet.localizer;
public class ResourceBundleHolder implements java.io.Serializable {
    public static ResourceBundleHolder get(Class<?> owner) { return new ResourceBundleHolder(); }
    public String format(String key, Object... args) { return key; }
    public String format(java.util.Locale locale, String key, Object... args) { return key; }
    public java.util.ResourceBundle get(java.util.Locale locale) { return null; }
}
JAVA
cat > "$scratch/localizer/org/jvnet/localizer/Localizable.java" <<'JAVA'
package org.jvnet.localizer;
public class Localizable implements java.io.Serializable {
    public Localizable(ResourceBundleHolder holder, String key, Object... args) {}
    public String getKey() { return ""; }
    public Object[] getArgs() { return new Object[0]; }
    public String toString(java.util.Locale locale) { return ""; }
}
JAVA
cat > "$scratch/localizer/org/jvnet/localizer/LocaleProvider.java" <<'JAVA'
package org.jvnet.localizer;
public abstract class LocaleProvider {
    public abstract java.util.Locale get();
    public static void setProvider(LocaleProvider p) {}
    public static LocaleProvider getProvider() { return null; }
    public static java.util.Locale getLocale() { return java.util.Locale.ROOT; }
}
JAVA

# Messages.java from every Messages.properties, as the localizer Maven plugin generates it: per key a String method and
# a Localizable one (prefixed "_"), with as many Object parameters as the highest {N} + 1.
python3 - "$scratch/messages" "$sources" "$here/src/main/resources" <<'PY'
import os, re, sys
out, *roots = sys.argv[1:]
def keys(path):
    text = open(path, encoding='latin-1').read().replace('\\\n', '')
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in '#!':
            continue
        m = re.match(r'((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)', line)
        if m:
            yield m.group(1).replace('\\', ''), m.group(2)
def ident(key):
    name = re.sub(r'[^A-Za-z0-9_]', '_', key)
    return '_' + name if name[0].isdigit() else name
count = 0
for root in roots:
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ('test', 'it', 'node_modules', '.git')]
        if 'Messages.properties' not in files:
            continue
        rel = dirpath.split('/src/main/resources/', 1)
        if len(rel) != 2:
            continue
        pkg = rel[1].replace('/', '.')
        methods = []
        for key, value in keys(os.path.join(dirpath, 'Messages.properties')):
            unquoted = re.sub(r"'[^']*'", '', value)
            n = max([int(i) + 1 for i in re.findall(r'\{(\d+)', unquoted)] or [0])
            params = ', '.join(f'Object arg{i}' for i in range(n))
            args = ''.join(f', arg{i}' for i in range(n))
            name = ident(key)
            methods.append(f'    public static String {name}({params}) {{ return holder.format("{key}"{args}); }}\n'
                           f'    public static org.jvnet.localizer.Localizable _{name}({params}) '
                           f'{{ return new org.jvnet.localizer.Localizable(holder, "{key}"{args}); }}\n')
        target = os.path.join(out, rel[1])
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, 'Messages.java'), 'w') as f:
            f.write(f'package {pkg};\npublic class Messages {{\n'
                    '    private static final org.jvnet.localizer.ResourceBundleHolder holder =\n'
                    '            org.jvnet.localizer.ResourceBundleHolder.get(Messages.class);\n'
                    + ''.join(methods) + '}\n')
        count += 1
PY

# Source roots: every src/main/java in the checkouts (Jenkins core, stapler's modules, each plugin), never their tests.
mapfile -t roots < <(find "$sources" -type d -path '*/src/main/java' -not -path '*/src/it/*' -not -path '*/src/test/*' | sort)
sourcepath=$(IFS=:; echo "${roots[*]}"):$scratch/messages:$scratch/localizer
classpath=$engine_jar:$(ls "$jars"/*.jar | paste -sd:)

# A javac plugin that reports every use, in plugin files, of an element marked @Restricted (or a member of a class so
# marked), as Jenkins' access-modifier-checker would refuse it at build time.
mkdir -p "$scratch/restricted/classes/META-INF/services"
cat > "$scratch/restricted/RestrictedUse.java" <<'JAVA'
import com.sun.source.tree.*;
import com.sun.source.util.*;
import javax.lang.model.element.*;
import javax.tools.Diagnostic;
import java.util.*;

public final class RestrictedUse implements Plugin {
    public String getName() { return "RestrictedUse"; }
    public void init(JavacTask task, String... args) {
        String root = args.length > 0 ? args[0] : "";
        Trees trees = Trees.instance(task);
        task.addTaskListener(new TaskListener() {
            public void finished(TaskEvent e) {
                if (e.getKind() != TaskEvent.Kind.ANALYZE || e.getCompilationUnit() == null) return;
                if (!e.getCompilationUnit().getSourceFile().toUri().getPath().startsWith(root)) return;
                new TreePathScanner<Void, Void>() {
                    void check(Tree tree) {
                        Element element = trees.getElement(getCurrentPath());
                        for (Element el = element; el != null && el.getKind() != ElementKind.PACKAGE; el = el.getEnclosingElement()) {
                            for (AnnotationMirror a : el.getAnnotationMirrors()) {
                                if (a.getAnnotationType().toString().equals("org.kohsuke.accmod.Restricted")) {
                                    trees.printMessage(Diagnostic.Kind.ERROR, "restricted: " + el + " " + a, tree, e.getCompilationUnit());
                                    return;
                                }
                            }
                            if (el.getKind().isClass() || el.getKind().isInterface()) {
                                if (el != element) break; // a member's own annotations and its class's only
                            }
                        }
                    }
                    public Void visitMemberSelect(MemberSelectTree t, Void v) { check(t); return super.visitMemberSelect(t, v); }
                    public Void visitIdentifier(IdentifierTree t, Void v) { check(t); return super.visitIdentifier(t, v); }
                    public Void visitNewClass(NewClassTree t, Void v) { check(t); return super.visitNewClass(t, v); }
                }.scan(e.getCompilationUnit(), null);
            }
        });
    }
}
JAVA
"$javac" --release 21 -d "$scratch/restricted/classes" "$scratch/restricted/RestrictedUse.java"
echo RestrictedUse > "$scratch/restricted/classes/META-INF/services/com.sun.source.util.Plugin"

run_javac() { # run_javac OUT_LOG CLASSPATH FILE...
  local log=$1 cp=$2; shift 2
  mkdir -p "$scratch/classes"
  "$javac" --release 21 -proc:none -implicit:none -XDshould-stop.ifError=FLOW -Xmaxerrs 100000 -nowarn \
    -encoding UTF-8 -d "$scratch/classes" -sourcepath "$sourcepath" -cp "$cp" \
    -processorpath "$scratch/restricted/classes" "-Xplugin:RestrictedUse $(dirname "$here")/" "$@" > "$log" 2>&1 || true
}

plugin_errors() { # errors located in files under the given directories (javac's "path:line: error:" lines)
  local log=$1; shift
  local dir pattern=""
  for dir in "$@"; do pattern+="${pattern:+|}^$(realpath "$dir")/"; done
  awk -v re="$pattern" '
    /^\/.*:[0-9]+: error:/ { keep = ($0 ~ re); n += keep }
    /^\/.*:[0-9]+: (warning|Note):/ { keep = 0 }
    keep { print }
  ' "$log"
}

count_errors() { grep -cE '^/.*:[0-9]+: error:' || true; }

main_src=$here/src/main/java
test_src=$here/src/test/java
mapfile -t main_files < <(find "$main_src" -name '*.java' | sort)
mapfile -t test_files < <(find "$test_src" -name '*.java' | sort)

# Canaries: plugin-side files calling methods that do not exist, one in each run (a Jenkins core type for main, the test
# harness for test). Their errors must come out of the same filter, else javac did not attribute plugin files.
canary_dir=$scratch/canary/io/jenkins/plugins/kubeops/jenkins
mkdir -p "$canary_dir"
cat > "$canary_dir/TypecheckMainCanary.java" <<'JAVA'
package io.jenkins.plugins.kubeops.jenkins;
final class TypecheckMainCanary {
    static void attributed() {
        jenkins.model.Jenkins.get().noSuchMethodTypecheckCanary();
    }
}
JAVA
cat > "$canary_dir/TypecheckTestCanary.java" <<'JAVA'
package io.jenkins.plugins.kubeops.jenkins;
final class TypecheckTestCanary {
    static void attributed(org.jvnet.hudson.test.JenkinsRule rule) {
        rule.noSuchMethodTypecheckCanary();
    }
}
JAVA

check_canary() { # check_canary LOG RUN
  if ! plugin_errors "$1" "$scratch/canary" | grep -q 'noSuchMethodTypecheckCanary'; then
    echo "typecheck: BROKEN — the $2 canary's missing method was not reported, so plugin files were not attributed." >&2
    echo "javac said (first lines):" >&2
    head -20 "$1" >&2
    exit 2
  fi
}

run_javac "$scratch/main.log" "$classpath" "${main_files[@]}" "$canary_dir/TypecheckMainCanary.java"
check_canary "$scratch/main.log" main
main_out=$(plugin_errors "$scratch/main.log" "$main_src")

# Tests are compiled with the main sources (javac writes no classes while Jenkins sources have errors); only errors in
# test files count here, the main ones were counted above.
run_javac "$scratch/test.log" "$classpath:$engine_tests_jar" "${main_files[@]}" "${test_files[@]}" "$canary_dir/TypecheckTestCanary.java"
check_canary "$scratch/test.log" test
test_out=$(plugin_errors "$scratch/test.log" "$test_src")

# The engine as the plugin runs it: its main sources against the API plugins' library versions (JARS_DIR) and the
# libraries the plugin still bundles. An error here is an engine call that the plugin's libraries do not have.
mapfile -t engine_files < <(find "$root/engine/src/main/java" -name '*.java' | sort)
"$javac" --release 17 -proc:none -implicit:none -Xmaxerrs 100000 -nowarn -encoding UTF-8 -d "$scratch/engine-classes" \
  -cp "$(ls "$jars"/*.jar | paste -sd:):$(cat "$scratch/bundled-classpath.txt")" "${engine_files[@]}" \
  > "$scratch/engine.log" 2>&1 || true
engine_out=$(plugin_errors "$scratch/engine.log" "$root/engine/src/main/java")

# The forms as Jenkins will use them: Jelly fields against databound properties and help files, @POST and a permission
# check on every doCheck/doFill/doTest (plugin/typecheck-forms.py).
forms_out=$(python3 "$here/typecheck-forms.py" "$here")

[[ -n "$main_out" ]] && echo "$main_out"
[[ -n "$test_out" ]] && echo "$test_out"
[[ -n "$engine_out" ]] && echo "$engine_out"
[[ -n "$forms_out" ]] && echo "$forms_out"
main_n=$(count_errors <<< "$main_out")
test_n=$(count_errors <<< "$test_out")
engine_n=$(count_errors <<< "$engine_out")
forms_n=$(count_errors <<< "$forms_out")
echo "canaries: reported in both runs (plugin files are attributed)"
echo "not shown: $(grep -cE "^$sources/.*:[0-9]+: error:" "$scratch/test.log" || true) errors inside the jenkinsci sources (libraries their method bodies use)"
echo "main: $main_n errors in ${#main_files[@]} files"
echo "test: $test_n errors in ${#test_files[@]} files"
echo "engine on the plugin's libraries: $engine_n errors in ${#engine_files[@]} files"
echo "forms: $forms_n problems"
(( main_n == 0 && test_n == 0 && engine_n == 0 && forms_n == 0 ))
