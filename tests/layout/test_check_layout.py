#!/usr/bin/env python3
"""The layout checker (tools/layout/check_layout.py) against small trees made to break each rule:
it must fail on every broken rule, name the file and line, and pass a tree that keeps them all."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools', 'layout', 'check_layout.py')

TABLE = """\
# Architecture

### Allowed include directions

| folder | may include |
|---|---|
| `core` | — |
| `core/low` | — |
| `core/high` | `core/low` |
| `kiosk` | `kiosk/ui` |
| `kiosk/ui` | `core/*` |
| `scan` | — |
| `host` | `core/*` |
| `wasm` | `core/*` |
| `tools` | `core/*` |

## Next section
"""


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(textwrap.dedent(text))


def clean_tree(root):
    write(root, 'docs/ARCHITECTURE.md', TABLE)
    write(root, 'core/low/low.h', '#pragma once\nint low();\n')
    write(root, 'core/high/high.cpp', '#include "high/high.h"\n#include "low/low.h"\n#include <vector>\n')
    write(root, 'core/high/high.h', '#pragma once\n#include "proto/thing.pb.h"\n')
    write(root, 'kiosk/ui/screen.cpp', '#include "high/high.h"\n#include "imgui.h"\n')
    write(root, 'kiosk/CMakeLists.txt', 'add_executable(kiosk ui/screen.cpp)\ntarget_link_libraries(kiosk PRIVATE core)\n')
    write(root, 'tools/authoring/source.h', '#pragma once\n')
    write(root, 'tools/CMakeLists.txt', 'add_library(tongban_authoring STATIC authoring/source.cpp)\n')


def run(root, check):
    r = subprocess.run([sys.executable, CHECKER, check, '--root', root], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


class Includes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        clean_tree(self.root)

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_tree_that_keeps_the_rules_passes(self):
        status, out = run(self.root, 'includes')
        self.assertEqual(status, 0, out)

    def test_a_forbidden_direction_is_named_with_file_and_line(self):
        write(self.root, 'core/low/low.cpp', '#include "low/low.h"\n\n#include "high/high.h"\n')
        status, out = run(self.root, 'includes')
        self.assertEqual(status, 1, out)
        self.assertIn('core/low/low.cpp:3: core/low may not include core/high', out)
        self.assertIn('include cycle: ', out)  # high → low is allowed, so this closes a cycle
        self.assertIn('core/high -> core/low (core/high/high.cpp:2)', out)

    def test_a_cycle_in_the_table_itself_fails(self):
        write(self.root, 'docs/ARCHITECTURE.md', TABLE.replace('| `core/low` | — |', '| `core/low` | `core/high` |'))
        status, out = run(self.root, 'includes')
        self.assertEqual(status, 1, out)
        self.assertIn('the allowed include directions form a cycle', out)

    def test_a_folder_without_a_row_fails(self):
        write(self.root, 'core/extra/x.h', '#pragma once\n')
        status, out = run(self.root, 'includes')
        self.assertEqual(status, 1, out)
        self.assertIn('folder core/extra has no row', out)

    def test_kiosk_including_tools_fails(self):
        write(self.root, 'kiosk/ui/tooling.cpp', '// reads sources\n#include "authoring/source.h"\n')
        status, out = run(self.root, 'includes')
        self.assertEqual(status, 1, out)
        self.assertIn('kiosk/ui/tooling.cpp:2: kiosk/ui may not include tools', out)

    def test_wasm_building_a_tools_file_or_target_fails(self):
        write(self.root, 'wasm/CMakeLists.txt',
              'add_executable(bench ${PROJECT_SOURCE_DIR}/tools/bench/bench.cpp)\n'
              'target_link_libraries(bench PRIVATE tongban_authoring)  # not allowed\n')
        status, out = run(self.root, 'includes')
        self.assertEqual(status, 1, out)
        self.assertIn('wasm/CMakeLists.txt:1: wasm/ builds with a path under tools/', out)
        self.assertIn('wasm/CMakeLists.txt:2: wasm/ builds with tongban_authoring', out)


STATICS = """\
#include "low/low.h"
namespace tb::low {
namespace {
int counter = 0;
const int kFine = 1;
constexpr int kAlsoFine[2] = {1, 2};
const char* kNames[] = {"a"};
const char* const kConstNames[] = {"a"};
const std::vector<const char*> kList = {"a"};
void f(int a = 1);
}  // namespace
struct S {
  static int instances;
  static const int kMax = 3;
  static S make(int from);
  int member = 0;
};
thread_local int per_thread;
int g() {
  static int calls = 0;
  static const std::vector<int> table = [] { std::vector<int> t; t.push_back(1); return t; }();
  static const char* name = "x";
  const char* text = "static int not_code;";
  return static_cast<int>(calls);
}
}  // namespace tb::low
"""


class Statics(unittest.TestCase):
    def test_mutable_statics_are_named_and_const_ones_are_not(self):
        with tempfile.TemporaryDirectory() as root:
            write(root, 'core/low/state.cpp', STATICS)
            status, out = run(root, 'statics')
            self.assertEqual(status, 1, out)
            flagged = sorted(int(line.split(':')[1]) for line in out.split('\n') if line.startswith('core/low/state.cpp:'))
            self.assertEqual(flagged, [4, 7, 13, 18, 20, 22], out)

    def test_a_core_without_mutable_statics_passes(self):
        with tempfile.TemporaryDirectory() as root:
            write(root, 'core/low/state.cpp', 'namespace tb {\nconst int kOne = 1;\nint f() { static const int k = 2; return k; }\n}\n')
            status, out = run(root, 'statics')
            self.assertEqual(status, 0, out)


if __name__ == '__main__':
    unittest.main(verbosity=2)
