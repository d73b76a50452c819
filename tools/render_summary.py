#!/usr/bin/env python
"""Render a check's Markdown summary (accounts_check.md) to a PNG, as a GitHub job page shows it.

For the picture in the README and the CI guide; needs the `markdown` package and Chromium:

    python tools/render_summary.py build/reports/mixed/accounts_check.md docs/docsite/rst/images/accounts_check_summary.png
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import markdown

STYLE = """
body { font: 14px -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif; color: #1f2328; margin: 24px; width: 1150px; }
h2 { font-size: 20px; border-bottom: 1px solid #d1d9e0; padding-bottom: 6px; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { border: 1px solid #d1d9e0; padding: 6px 12px; text-align: left; vertical-align: top; }
tr:nth-child(2n) td { background: #f6f8fa; }
p { margin: 10px 0; }
"""


def main(source, target):
    html = markdown.markdown(Path(source).read_text(encoding='utf-8'), extensions=['tables'])
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / 'summary.html'
        page.write_text('<!doctype html><meta charset="utf-8"><style>%s</style>%s' % (STYLE, html), encoding='utf-8')
        subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                        '--disable-background-networking', '--disable-component-update', '--disable-sync',
                        '--user-data-dir=%s' % Path(work, 'profile'), '--hide-scrollbars',
                        '--window-size=1200,760', '--screenshot=%s' % Path(target).resolve(), page.as_uri()],
                       check=True, capture_output=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:3]))
