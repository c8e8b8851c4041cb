#!/usr/bin/env python3
"""Checks the plugin's forms as Jenkins will use them, by reading the sources (called by typecheck.sh):
- every field="x" in a config.jelly has a property x on its class (getter getX/isX, set by the @DataBoundConstructor or a
  @DataBoundSetter setX), in the class or a plugin superclass, and a help-x.html beside the jelly (or a superclass's);
- every web method doCheck*/doFill*/doTest* is @POST (or @RequirePOST) and checks a permission in its body (directly or
  through the plugin's helpers that do).
Prints one line per problem as "path:line: error: forms: ..." and exits 0 (the caller counts the lines)."""
import os
import re
import sys

plugin = sys.argv[1]
java_root = os.path.join(plugin, 'src/main/java')
res_root = os.path.join(plugin, 'src/main/resources')
# Helpers that check Overall/Administer or the item's permission before answering.
PERMISSION = re.compile(r'checkPermission|hasPermission|forAdministrators|mayRead\(|\bcheck\(item,')

sources = {}
for dirpath, _, files in os.walk(java_root):
    for f in files:
        if f.endswith('.java'):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, java_root)[:-5].replace('/', '.')
            sources[rel] = path


def text(cls):
    return open(sources[cls]).read() if cls in sources else ''


def superclass(cls):
    m = re.search(r'class\s+' + cls.split('.')[-1] + r'\b[^{]*?\bextends\s+([\w.]+)', text(cls))
    if not m:
        return None
    name = m.group(1)
    pkg = cls.rsplit('.', 1)[0]
    for candidate in (pkg + '.' + name, name):
        if candidate in sources:
            return candidate
    imp = re.search(r'^import\s+([\w.]+\.' + re.escape(name) + r');', text(cls), re.M)
    return imp.group(1) if imp and imp.group(1) in sources else None


def lineage(cls):
    while cls:
        yield cls
        cls = superclass(cls)


def has_property(cls, field):
    cap = field[0].upper() + field[1:]
    getter = setter = ctor = False
    for c in lineage(cls):
        src = text(c)
        getter |= bool(re.search(r'\b(get|is)' + cap + r'\s*\(\s*\)', src))
        setter |= bool(re.search(r'@DataBoundSetter\s+(public\s+)?\w[\w<>, ?]*\s+set' + cap + r'\s*\(', src))
        for m in re.finditer(r'@DataBoundConstructor\s+public\s+\w+\s*\(([^)]*)\)', src):
            ctor |= bool(re.search(r'\b' + field + r'\s*$', m.group(1).replace(',', '\n'), re.M))
    return getter and (setter or ctor)


def has_help(cls, field):
    for c in lineage(cls):
        if os.path.exists(os.path.join(res_root, c.replace('.', '/'), 'help-' + field + '.html')):
            return True
    return False


problems = []
for dirpath, _, files in os.walk(res_root):
    for f in files:
        if f not in ('config.jelly', 'global.jelly'):
            continue
        jelly = os.path.join(dirpath, f)
        cls = os.path.relpath(dirpath, res_root).replace('/', '.')
        if cls not in sources:
            continue
        for n, line in enumerate(open(jelly), 1):
            for field in re.findall(r'\bfield="(\w+)"', line):
                if not has_property(cls, field):
                    problems.append(f'{jelly}:{n}: error: forms: field "{field}" is no databound property of {cls}')
                if not has_help(cls, field):
                    problems.append(f'{jelly}:{n}: error: forms: field "{field}" has no help-{field}.html')

for cls, path in sources.items():
    src = open(path).read()
    for m in re.finditer(r'((?:\s*@[\w.]+(?:\([^)]*\))?)*)\s*public\s+[\w<>.]+\s+(do(?:Check|Fill|Test)\w*)\s*\(', src):
        annotations, name = m.group(1), m.group(2)
        line = src.count('\n', 0, m.start(2)) + 1
        body_start = src.index('{', m.end())
        depth, i = 0, body_start
        while True:
            depth += {'{': 1, '}': -1}.get(src[i], 0)
            if depth == 0:
                break
            i += 1
        body = src[body_start:i]
        if not re.search(r'@(POST|RequirePOST)\b', annotations):
            problems.append(f'{path}:{line}: error: forms: {name} is not @POST')
        if not PERMISSION.search(body):
            problems.append(f'{path}:{line}: error: forms: {name} checks no permission')

print('\n'.join(problems))
