# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plot time against account count from benchmarks/results/latest.json (run by benchmarks/run.py).

    <venv>/bin/python benchmarks/plot.py benchmarks/results/latest.json benchmarks/results/time_vs_accounts.png
"""

import json
import statistics
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib import ticker  # noqa: E402

STYLE = {
    'handwritten': dict(color='#c0392b', marker='s'),
    'role': dict(color='#1f6fb2', marker='o'),
    'module': dict(color='#27ae60', marker='^'),
    'uri': dict(color='#7f8c8d', marker='v', linestyle='--'),
}
ORDER = ('handwritten', 'role', 'module', 'uri')


def main(json_path, png_path):
    with open(json_path) as stream:
        report = json.load(stream)
    sizes = report['sizes']
    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=120)
    all_values = []
    for kind in ORDER:
        medians = [statistics.median(report['results'][str(size)]['times'][kind]) for size in sizes]
        all_values.extend(medians)
        # The value at the largest size goes in the legend: where lines end close together,
        # labels next to the points would overlap.
        last = medians[-1]
        label = '%s: %s at %s' % (report['labels'][kind], '%.1f s' % last if last < 100 else '%.0f s' % last,
                                  '{:,}'.format(sizes[-1]))
        axes.plot(sizes, medians, label=label, linewidth=1.8, markersize=6, **STYLE[kind])
    axes.set_xscale('log')
    axes.set_yscale('log')
    axes.set_xticks(sizes)
    axes.set_xticklabels(['{:,}'.format(size) for size in sizes])
    axes.set_xlim(sizes[0] / 1.6, sizes[-1] * 1.6)
    candidates = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    low, high = min(all_values), max(all_values)
    axes.set_yticks([value for value in candidates if low / 2 <= value <= high * 2])
    axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: '%g' % value))
    axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.set_ylim(low / 1.3, high * 1.3)
    axes.set_xlabel('accounts served by the API')
    axes.set_ylabel('ansible-playbook wall time, median (s)')
    machine = report['machine']
    axes.set_title('useapi.accounts: time against account count\n'
                   '%s CPU(s) %s, Python %s, ansible-core %s' % (
                       machine['nproc'], machine['cpu_model'], machine['python'], machine['ansible_core']),
                   fontsize=9)
    axes.grid(True, which='both', alpha=0.3)
    axes.legend(fontsize=8, loc='upper left')
    figure.tight_layout()
    figure.savefig(png_path)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
