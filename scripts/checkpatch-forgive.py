#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Filter checkpatch --terse --show-types output through the exceptions.

Usage: checkpatch.pl --terse --show-types ... FILE |
       checkpatch-forgive.py EXCEPTIONS.rst FILE

A complaint "FILE:LINE: LEVEL:TYPE: message" is dropped when an
":exception: TYPE PATH TEXT" line of EXCEPTIONS.rst names its TYPE, the
file it is about ends with PATH (for a patch: the file of the hunk that
holds LINE, per its "diff --git" header) and the offending line contains TEXT.  Everything else is
passed through unchanged.
"""
import re
import sys


def main():
    exc, src = sys.argv[1], sys.argv[2]
    rules = []
    try:
        with open(exc) as f:
            for line in f:
                if line.startswith(':exception: '):
                    typ, path, text = line[len(':exception: '):].rstrip('\n').split(' ', 2)
                    rules.append((typ, path, text))
    except FileNotFoundError:
        pass
    with open(src, errors='replace') as f:
        lines = f.read().split('\n')

    def file_of(n):
        for i in range(n - 1, -1, -1):
            if lines[i].startswith('diff --git '):
                return lines[i].rsplit(' b/', 1)[-1]
        return src

    for out in sys.stdin:
        m = re.match(r'^[^:]+:(\d+): \w+:(\w+):', out)
        if m:
            n, typ = int(m.group(1)), m.group(2)
            text = lines[n - 1] if 0 < n <= len(lines) else ''
            f = file_of(n)
            if any(t == typ and f.endswith(p) and s in text for t, p, s in rules):
                continue
        sys.stdout.write(out)


if __name__ == '__main__':
    main()
