#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a QEMU console log of the tdx-ve test kernel.

Usage: parse-results.py [--kunit-dir DIR] [--expect NAME:MIN ...] LOG

The guest's /init frames each test script's output:

    TDXVE-INIT                      (everything above: the kernel's boot,
                                     with KUnit's KTAP)
    TDXVE-BEGIN <name>  ...  TDXVE-END <name> rc=<N>
    TDXVE-DONE                      (last line before poweroff)

Every KTAP document (KUnit at boot, each segment that starts with
"KTAP version") is parsed with the kernel tree's own kunit_parser.  The
log fails on: a failed, crashed or missing test case, a KTAP parse error
(missing plan, wrong count), a segment that exited non-zero, a missing
TDXVE-DONE, or any kernel splat anywhere in the log.  Prints one line per
test case ("ok"/"FAIL") and a last line "N passed, N failed", and exits 1
if anything failed.
"""

import argparse
import io
import os
import re
import sys

SPLATS = re.compile(
    r'(BUG:|WARNING:|Oops|Kernel panic|general protection fault|'
    r'Call Trace:|KASAN:|UBSAN:|KCSAN:|possible circular locking|'
    r'possible recursive locking|inconsistent lock state|'
    r'suspicious RCU usage|sleeping function called from invalid context|'
    r'unreferenced object|stack-protector|kernel BUG|'
    r'Unable to handle|double fault|rcu_sched self-detected stall|'
    r'rcu: INFO: rcu_.* detected stalls|watchdog: BUG: soft lockup|'
    r'blocked for more than)')

BEGIN = re.compile(r'^TDXVE-BEGIN (\S+)\s*$')
END = re.compile(r'^TDXVE-END (\S+) rc=(\d+)\s*$')


def planless(test, depth=0):
    """Names of the documents and suites that have no KTAP plan line.

    KTAP lets a test whose number of subtests is not known in advance omit
    its plan (KUnit's parameterized cases do); a document and its suites
    must have one.
    """
    if test.subtests and test.expected_count is None and depth <= 1:
        yield test.name or 'main'
    for sub in test.subtests:
        yield from planless(sub, depth + 1)


def split_log(lines):
    """Return (boot lines, [(name, lines, rc)], done)."""
    boot, segments, done = [], [], False
    cur = None
    seen_init = False
    for line in lines:
        raw = line.rstrip('\r\n')
        text = raw.strip()
        if not seen_init:
            if text == 'TDXVE-INIT':
                seen_init = True
            else:
                boot.append(raw)
            continue
        m = BEGIN.match(text)
        if m and cur is None:
            cur = (m.group(1), [])
            continue
        m = END.match(text)
        if m and cur is not None and m.group(1) == cur[0]:
            segments.append((cur[0], cur[1], int(m.group(2))))
            cur = None
            continue
        if text == 'TDXVE-DONE':
            done = True
            continue
        if cur is not None:
            cur[1].append(raw)
    if cur is not None:
        segments.append((cur[0], cur[1], None))
    return boot, segments, done


def leaves(test, prefix=''):
    """Yield (name, status) for every test case (test without subtests)."""
    name = f'{prefix}.{test.name}' if prefix and prefix != 'main' else test.name
    if not test.subtests:
        yield name, test.status
        return
    for sub in test.subtests:
        yield from leaves(sub, name if test.name else prefix)


class Judge:
    def __init__(self, kp, verbose_out):
        self.kp = kp
        self.out = verbose_out
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.per_doc = {}

    def result(self, name, ok, why=''):
        if ok:
            self.passed += 1
            print(f'ok   {name}')
        else:
            self.failed += 1
            print(f'FAIL {name}{": " + why if why else ""}')

    def ktap(self, doc, lines):
        """Parse one KTAP document with kunit_parser and count its cases."""
        if hasattr(self.kp, 'stdout'):
            # Before 6.19 or so: one module-level printer to redirect
            saved = self.kp.stdout._output
            self.kp.stdout._output = self.out
            try:
                test = self.kp.parse_run_tests(lines)
            finally:
                self.kp.stdout._output = saved
        else:
            # Later trees (7.3): the printer is an argument
            import kunit_printer
            test = self.kp.parse_run_tests(
                lines, kunit_printer.Printer(output=self.out))
        n = 0
        for name, status in leaves(test):
            n += 1
            S = self.kp.TestStatus
            if status == S.SKIPPED:
                self.skipped += 1
                print(f'skip {doc}: {name}')
            else:
                self.result(f'{doc}: {name}', status == S.SUCCESS,
                            status.name)
        missing = list(planless(test))
        if missing:
            self.result(f'{doc}: KTAP plan present', False,
                        'no "1..N" plan in ' + ', '.join(missing))
        if test.counts.errors:
            self.result(f'{doc}: KTAP well-formed', False,
                        f'{test.counts.errors} parse error(s): missing '
                        'plan, test or result line (see parser log)')
        if n == 0:
            self.result(f'{doc}: has test cases', False, 'no KTAP test found')
        self.per_doc[doc] = n
        return n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('log')
    ap.add_argument('--kunit-dir', default=os.environ.get('KUNIT_DIR'),
                    help='tools/testing/kunit of the kernel tree')
    ap.add_argument('--expect', action='append', default=[],
                    metavar='DOC:MIN',
                    help='document DOC must have at least MIN cases')
    ap.add_argument('--no-kunit', action='store_true',
                    help='the boot is not expected to run KUnit')
    ap.add_argument('--parser-log', default=os.devnull,
                    help='where kunit_parser writes its own report')
    args = ap.parse_args()

    if not args.kunit_dir:
        sys.exit('parse-results: --kunit-dir (or KUNIT_DIR) is required')
    sys.dont_write_bytecode = True
    sys.path.insert(0, args.kunit_dir)
    import kunit_parser as kp  # noqa: E402  (the tree's own parser)

    with open(args.log, errors='replace') as f:
        lines = f.readlines()
    boot, segments, done = split_log(lines)

    with open(args.parser_log, 'w') as plog:
        j = Judge(kp, plog)
        if not args.no_kunit:
            j.ktap('kunit', boot)
        for name, seg, rc in segments:
            if name == 'dmesg':
                continue
            if any(l.strip().startswith('KTAP version') for l in seg):
                j.ktap(name, seg)
            if rc is None:
                j.result(f'{name}: finished', False, 'no TDXVE-END line')
            elif rc != 0:
                j.result(f'{name}: exit status', False, f'rc={rc}')

    # Where it stopped, so that a summary that shows only this line says
    # it (a reset under -no-reboot, for one, leaves no other trace)
    last = next((l.strip() for l in reversed(lines) if l.strip()), '')
    j.result('guest reached TDXVE-DONE', done,
             'the guest did not finish (hang, panic or timeout); '
             f'last console line: "{last[:160]}"')
    splats = [l.rstrip() for l in lines if SPLATS.search(l)]
    j.result('no kernel splat in the log', not splats,
             '; '.join(splats[:5]))
    for e in args.expect:
        doc, _, mn = e.rpartition(':')
        have = j.per_doc.get(doc, 0)
        j.result(f'{doc}: at least {mn} cases', have >= int(mn),
                 f'only {have}')
    skipped = f', {j.skipped} skipped' if j.skipped else ''
    print(f'{j.passed} passed, {j.failed} failed{skipped}')
    sys.exit(1 if j.failed else 0)


if __name__ == '__main__':
    main()
