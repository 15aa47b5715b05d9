#!/usr/bin/env python3
"""Checks that the codebase keeps its shape (docs/ARCHITECTURE.md, "Layers"). Two checks:

  includes  Every `#include "..."` in core/, scan/, host/, kiosk/, wasm/ and tools/ is resolved to the
            folder it names, and the direction must be one the table "Allowed include directions"
            in docs/ARCHITECTURE.md allows (the table is the rule; this script only reads it).
            The table itself and the include graph must have no cycle. kiosk/ and wasm/ CMake
            files must not name anything under tools/ (paths or targets).
  statics   No mutable static storage in core/: no `thread_local`; no `static` variable (function
            local, class member or namespace scope) that is not const or constexpr all the way
            down (a `static const char* p` is a mutable pointer); no namespace-scope variable that
            is not const. Function-local `static const` tables initialised once are fine.

Each problem is printed as FILE:LINE: what, and the exit status is 1 when there is any.
  python3 tools/layout/check_layout.py includes|statics [--root DIR]
"""
import argparse
import os
import re
import subprocess
import sys

SOURCE_EXT = ('.h', '.hpp', '.cpp', '.cc', '.in')
CHECKED_AREAS = ('core', 'scan', 'host', 'kiosk', 'wasm', 'tools')


# ---- files -----------------------------------------------------------------------------------------

def source_files(root, area):
    """Files under `area` as git tracks them (what `git grep` sees); a plain walk outside a work tree."""
    if not os.path.isdir(os.path.join(root, area)):
        return []
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files', '--cached', '--others', '--exclude-standard', '--', area],
                             check=True, capture_output=True, text=True).stdout.split('\n')
        files = [f for f in out if f]
        if files:
            return sorted(f for f in files if f.endswith(SOURCE_EXT) and os.path.exists(os.path.join(root, f)))
    except (OSError, subprocess.CalledProcessError):
        pass
    found = []
    for d, _, names in os.walk(os.path.join(root, area)):
        found += [os.path.relpath(os.path.join(d, n), root) for n in names if n.endswith(SOURCE_EXT)]
    return sorted(found)


def read(root, rel):
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
        return f.read()


# ---- C++ text without comments, strings and preprocessor lines (newlines kept for line numbers) ----

def strip_cpp(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
            continue
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
            continue
        m = re.match(r'R"([^(\s]*)\(', text[i:i + 20]) if c == 'R' and (i == 0 or not text[i - 1].isalnum()) else None
        if m:
            end = text.find(')' + m.group(1) + '"', i)
            end = n if end < 0 else end + len(m.group(1)) + 2
            out.append('""' + re.sub(r'[^\n]', ' ', text[i + 2:end])[2:])
            i = end
            continue
        if c == '"' or (c == "'" and not (i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum())):
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * max(0, min(j, n) - i - 1) + c)
            i = j + 1
            continue
        if c == '#' and (i == 0 or text[text.rfind('\n', 0, i) + 1:i].strip() == ''):
            j = i
            while True:
                k = text.find('\n', j)
                if k < 0:
                    k = n
                if k > 0 and text[k - 1] == '\\':
                    j = k + 1
                    continue
                break
            out.append(re.sub(r'[^\n]', ' ', text[i:k]))
            i = k
            continue
        out.append(c)
        i += 1
    return ''.join(out)


# ---- includes ---------------------------------------------------------------------------------------

def core_folders(root):
    return sorted(d for d in os.listdir(os.path.join(root, 'core')) if os.path.isdir(os.path.join(root, 'core', d)))


def module_of(rel):
    """The folder a repository path belongs to, as the table names it."""
    parts = rel.split('/')
    if parts[0] in ('core', 'kiosk'):  # kiosk/ui is shared by both builds, kiosk/platform is not
        return parts[0] + '/' + parts[1] if len(parts) > 2 else parts[0]
    return parts[0]


def resolve_include(root, including, target, cores):
    """The repository path `#include "target"` in file `including` names, or None (a library's)."""
    roots = [os.path.dirname(including), 'core', 'kiosk', 'wasm/phone', '', 'tools']
    for r in roots:
        rel = os.path.normpath(os.path.join(r, target))
        if os.path.isfile(os.path.join(root, rel)):
            return rel
    first = target.split('/')[0]
    if '/' in target and first in cores:  # generated into the build folder (proto/*.pb.h)
        return 'core/' + target
    return None


def parse_rules(root):
    """The table "Allowed include directions" in docs/ARCHITECTURE.md: folder → folders it may include."""
    path = os.path.join(root, 'docs', 'ARCHITECTURE.md')
    lines = read(root, 'docs/ARCHITECTURE.md').split('\n')
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith('#') and 'Allowed include directions' in l)
    except StopIteration:
        sys.exit(f'{path}: no "Allowed include directions" section: the include check has no rules')
    rules = {}
    for line in lines[start + 1:]:
        if line.startswith('#'):
            break
        cells = [c.strip() for c in line.strip().strip('|').split('|')] if line.startswith('|') else []
        if len(cells) < 2 or set(cells[0]) <= set('-: ') or cells[0] == 'folder':
            continue
        names = lambda cell: re.findall(r'`([^`]+)`', cell)
        for folder in names(cells[0]):
            rules[folder] = names(cells[1])
    if not rules:
        sys.exit(f'{path}: the "Allowed include directions" table is empty')
    return rules


def allowed(rules, cores, src, dst):
    if src == dst:
        return True
    for target in rules.get(src, []):
        if target == dst or (target == 'core/*' and (dst == 'core' or dst.startswith('core/'))):
            return True
    return False


def find_cycle(edges):
    """One cycle in a directed graph {node: set(nodes)}, as a list of nodes, or None."""
    state = {}
    stack = []

    def visit(v):
        state[v] = 1
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if state.get(w) == 1:
                return stack[stack.index(w):] + [w]
            if w not in state:
                found = visit(w)
                if found:
                    return found
        stack.pop()
        state[v] = 2
        return None

    for v in sorted(edges):
        if v not in state:
            found = visit(v)
            if found:
                return found
    return None


def check_includes(root):
    problems = []
    cores = core_folders(root)
    rules = parse_rules(root)
    kiosk = [os.path.join('kiosk', d) for d in sorted(os.listdir(os.path.join(root, 'kiosk')))
             if os.path.isdir(os.path.join(root, 'kiosk', d))] if os.path.isdir(os.path.join(root, 'kiosk')) else []
    for folder in ['core/' + c for c in cores] + ['core'] + kiosk + [a for a in CHECKED_AREAS if a != 'core']:
        if folder not in rules and os.path.exists(os.path.join(root, folder)):
            problems.append(f'docs/ARCHITECTURE.md: folder {folder} has no row in "Allowed include directions"')
    table = {src: {d for d in dsts if d != 'core/*'} | ({'core/' + c for c in cores} | {'core'} if 'core/*' in dsts else set())
             for src, dsts in rules.items()}
    cycle = find_cycle(table)
    if cycle:
        problems.append('docs/ARCHITECTURE.md: the allowed include directions form a cycle: ' + ' -> '.join(cycle))

    graph, example = {}, {}
    for area in CHECKED_AREAS:
        for rel in source_files(root, area):
            src = module_of(rel)
            for number, line in enumerate(read(root, rel).split('\n'), 1):
                m = re.match(r'\s*#\s*include\s*"([^"]+)"', line)
                if not m:
                    continue
                target = resolve_include(root, rel, m.group(1), cores)
                if target is None:
                    continue
                dst = module_of(target)
                if dst == src:
                    continue
                graph.setdefault(src, set()).add(dst)
                example.setdefault((src, dst), f'{rel}:{number}')
                if not allowed(rules, cores, src, dst):
                    problems.append(f'{rel}:{number}: {src} may not include {dst} ("{m.group(1)}"; see "Allowed include '
                                    f'directions" in docs/ARCHITECTURE.md)')
    cycle = find_cycle(graph)
    if cycle:
        steps = [f'{a} -> {b} ({example[(a, b)]})' for a, b in zip(cycle, cycle[1:])]
        problems.append('include cycle: ' + '; '.join(steps))

    # Shells never build or link anything of tools/ (a path or one of its targets).
    tool_targets = set()
    for d, _, names in os.walk(os.path.join(root, 'tools')):
        if 'CMakeLists.txt' in names:
            text = read(root, os.path.relpath(os.path.join(d, 'CMakeLists.txt'), root))
            tool_targets |= set(re.findall(r'add_(?:library|executable)\(\s*([\w-]+)', text))
    for area in ('kiosk', 'wasm'):
        for d, _, names in os.walk(os.path.join(root, area)):
            for name in names:
                if name != 'CMakeLists.txt' and not name.endswith('.cmake'):
                    continue
                rel = os.path.relpath(os.path.join(d, name), root)
                for number, line in enumerate(read(root, rel).split('\n'), 1):
                    code = line.split('#', 1)[0]
                    hits = [t for t in tool_targets if re.search(r'(?<![\w-])' + re.escape(t) + r'(?![\w-])', code)]
                    if re.search(r'(^|[/{}\s"])tools/', code):
                        hits.append('a path under tools/')
                    for h in sorted(hits):
                        problems.append(f'{rel}:{number}: {area}/ builds with {h}, which belongs to tools/')
    return problems


# ---- mutable statics --------------------------------------------------------------------------------

def scan_to(text, start, stops, brackets):
    """Index of the first character of `stops` at or after `start` that is outside `brackets`."""
    closing = {'(': ')', '[': ']', '{': '}'}
    closers = ''.join(closing[b] for b in brackets)
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c in brackets:
            depth += 1
        elif c in closers:
            depth -= 1
        elif depth <= 0 and c in stops:
            return i
    return len(text)


def head_of(text, start):
    """The declaration text from `start` to its first `;`, `{` or `=` outside parentheses."""
    return text[start:scan_to(text, start, ';{=', '([')]


def is_function(head):
    """Does this declaration head declare a function (rather than a variable initialised in parentheses)?"""
    if 'operator' in head:
        return True
    m = re.search(r'\(', head)
    if not m:
        return False
    inside = head[m.start() + 1:head.rfind(')')].strip()
    if not inside:
        return True  # "T f();" declares a function
    # Parameters look like "Type name" or "Type&"/"Type*"; arguments like "1, x".
    return bool(re.search(r'[\w>]\s*[&*]|[\w>]\s+[&*]*\w|::|<', inside) or inside in ('void',))


def without_template_arguments(head):
    """`std::vector<const char*> v` → `std::vector v`: what is inside <> does not say if `v` is const."""
    out, depth = [], 0
    for c in head:
        if c == '<':
            depth += 1
        elif c == '>' and depth:
            depth -= 1
        elif not depth:
            out.append(c)
    return ''.join(out)


def immutable(head):
    """Is the variable this head declares const all the way down (a `const char*` pointer is not)?"""
    words = re.findall(r'\w+|\*', without_template_arguments(head))
    if 'constexpr' in words:
        return True
    stars = [i for i, w in enumerate(words) if w == '*']
    if not stars:
        return 'const' in words
    return 'const' in words[:stars[0]] and all(i + 1 < len(words) and words[i + 1] == 'const' for i in stars)


def line_of(text, pos):
    return text.count('\n', 0, pos) + 1


def snippet(head):
    return ' '.join(head.split())[:100]


def static_problems(rel, text):
    """Mutable statics in one file (stripped of comments and strings)."""
    problems = []
    for m in re.finditer(r'\b(thread_local|static)\b(?!_)', text):
        head = head_of(text, m.start())
        if m.group(1) == 'thread_local':
            problems.append(f'{rel}:{line_of(text, m.start())}: thread_local state: {snippet(head)}')
        elif not is_function(head) and not immutable(head):
            problems.append(f'{rel}:{line_of(text, m.start())}: mutable static: {snippet(head)}')

    # Namespace-scope variables without `static`: walk the braces, keeping the kind of each scope.
    scopes = []  # 'namespace', 'class', 'block'
    i, n = 0, len(text)
    start = 0
    parens = 0  # inside ( ) or [ ]: default arguments, lambda captures, not declarations
    while i < n:
        c = text[i]
        if c in '([':
            parens += 1
        elif c in ')]':
            parens = max(0, parens - 1)
        if c not in ';{}=' or (parens and c in ';='):
            i += 1
            continue
        at_namespace = all(s == 'namespace' for s in scopes)
        head = text[start:i]
        stripped = head.strip()
        if c == '}':
            if scopes:
                scopes.pop()
            start = i + 1
            i += 1
            continue
        if c == '{':
            if re.match(r'(inline\s+)?namespace\b|extern\s+""', stripped):
                scopes.append('namespace')
            elif re.match(r'(template\s*<.*>\s*)?(class|struct|union|enum)\b', stripped, re.S):
                scopes.append('class')
            elif at_namespace and stripped and not is_function(stripped) and re.search(r'\w\s*$', stripped):
                # "T name{…}": a variable initialised with braces
                if not re.match(r'(static|thread_local|using|typedef|template|friend)\b', stripped) and not immutable(stripped):
                    problems.append(f'{rel}:{line_of(text, start + len(head) - len(head.lstrip()))}: mutable '
                                    f'namespace-scope variable: {snippet(stripped)}')
                i = skip_statement(text, i)
                start = i
                continue
            else:
                scopes.append('block')
            start = i + 1
            i += 1
            continue
        # ';' or '=' ends a declaration head
        if at_namespace and stripped and not re.match(
                r'(static|thread_local|using|typedef|template|friend|class|struct|union|enum|namespace|static_assert|'
                r'extern\s+""|public|private|protected|return)\b', stripped):
            declares_variable = not is_function(stripped) and re.search(r'[\w\]]\s*$', stripped) and \
                re.search(r'\w[\w:<>,\s*&]*[\s*&]\s*[\w:]+\s*(\[[^\]]*\])?\s*$', stripped)
            if declares_variable and not immutable(stripped):
                problems.append(f'{rel}:{line_of(text, start + len(head) - len(head.lstrip()))}: mutable namespace-scope '
                                f'variable: {snippet(stripped)}')
        if c == '=':
            i = skip_statement(text, i)
        else:
            i += 1
        start = i
    return problems


def skip_statement(text, i):
    """From inside a declaration (an initialiser), past the `;` that ends it."""
    return scan_to(text, i, ';', '([{') + 1


def check_statics(root):
    problems = []
    for rel in source_files(root, 'core'):
        found = static_problems(rel, strip_cpp(read(root, rel)))
        problems += sorted(set(found), key=lambda p: int(p.split(':')[1]))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('check', choices=['includes', 'statics'])
    parser.add_argument('--root', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    problems = check_includes(root) if args.check == 'includes' else check_statics(root)
    for p in problems:
        print(p)
    if problems:
        print(f'layout {args.check}: {len(problems)} problem{"s" if len(problems) != 1 else ""}')
        return 1
    print(f'layout {args.check}: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
