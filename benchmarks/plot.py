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
    last_points = []
    for kind in ORDER:
        medians = [statistics.median(report['results'][str(size)]['times'][kind]) for size in sizes]
        all_values.extend(medians)
        axes.plot(sizes, medians, label=report['labels'][kind], linewidth=1.8, markersize=6, **STYLE[kind])
        last_points.append((medians[-1], kind))
    # Label the last point of each line; nudge labels apart where lines end close together.
    placed = []
    for value, kind in sorted(last_points):
        offset = 0
        for other in placed:
            if abs(value / other - 1) < 0.12:
                offset += 9
        placed.append(value)
        axes.annotate('%.1f s' % value if value < 100 else '%.0f s' % value, (sizes[-1], value),
                      textcoords='offset points', xytext=(7, -3 + offset), fontsize=8, color=STYLE[kind]['color'])
    axes.set_xscale('log')
    axes.set_yscale('log')
    axes.set_xticks(sizes)
    axes.set_xticklabels(['{:,}'.format(size) for size in sizes])
    axes.set_xlim(sizes[0] / 1.6, sizes[-1] * 2.2)
    candidates = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    low, high = min(all_values), max(all_values)
    axes.set_yticks([value for value in candidates if low / 2 <= value <= high * 2])
    axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: '%g' % value))
    axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.set_ylim(low / 1.3, high * 1.3)
    axes.set_xlabel('accounts served by the API')
    axes.set_ylabel('ansible-playbook wall time, median (s)')
    machine = report['machine']
    axes.set_title('useapi.ltxstudio: time against account count\n'
                   '%s CPU(s) %s, Python %s, ansible-core %s' % (
                       machine['nproc'], machine['cpu_model'], machine['python'], machine['ansible_core']),
                   fontsize=9)
    axes.grid(True, which='both', alpha=0.3)
    axes.legend(fontsize=8, loc='upper left')
    figure.tight_layout()
    figure.savefig(png_path)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
