import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatTime } from '~/domain/time.ts'

/**
 * Viewers per minute (everyone, those watching online, and the replay's viewers of each
 * minute), and the drop-off curve, drawn
 * with Chart.js after hydration (it needs a canvas). The same figures are in a table for
 * screen readers and for printing.
 */
export function AttendanceChart({
  start,
  timeZone,
  concurrency,
  online,
  retention,
  replay = [],
}: {
  start: string
  timeZone: string
  concurrency: number[]
  online: number[]
  retention: number[]
  replay?: number[]
}) {
  const { t } = useTranslation()
  const canvas = useRef<HTMLCanvasElement>(null)
  const labels = concurrency.map((_, m) => formatTime(new Date(Date.parse(start) + m * 60_000), timeZone))
  useEffect(() => {
    let chart: { destroy: () => void } | undefined
    let cancelled = false
    void import('chart.js/auto').then(({ default: Chart }) => {
      if (cancelled || !canvas.current) return
      chart = new Chart(canvas.current, {
        type: 'line',
        data: {
          labels,
          datasets: [
            { label: t('analytics.viewers'), data: concurrency, yAxisID: 'y', borderColor: '#0b6bcb', pointRadius: 0, tension: 0.2 },
            { label: t('analytics.viewersOnline'), data: online, yAxisID: 'y', borderColor: '#2e8b57', pointRadius: 0, tension: 0.2 },
            { label: t('analytics.retention'), data: retention.map((r) => Math.round(r * 100)), yAxisID: 'y1', borderColor: '#c0392b', pointRadius: 0, borderDash: [4, 4] },
            ...(replay.some((v) => v > 0) ? [{ label: t('replay.analytics.viewers'), data: replay, yAxisID: 'y', borderColor: '#8e44ad', pointRadius: 0, tension: 0.2 }] : []),
          ],
        },
        options: {
          animation: false,
          responsive: true,
          interaction: { mode: 'index', intersect: false },
          scales: {
            y: { beginAtZero: true, title: { display: true, text: t('analytics.viewers') } },
            y1: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } },
          },
        },
      })
    })
    return () => {
      cancelled = true
      chart?.destroy()
    }
    // The figures only change with a new loader result, which re-mounts the route.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [start, concurrency.length])
  return (
    <figure className="chart">
      <canvas ref={canvas} role="img" aria-label={t('analytics.concurrency')} data-testid="concurrency-chart" />
      <details>
        <summary>{t('analytics.dataTable')}</summary>
        <table className="data">
          <thead>
            <tr>
              <th>{t('analytics.time')}</th>
              <th>{t('analytics.viewers')}</th>
              <th>{t('analytics.viewersOnline')}</th>
              <th>{t('analytics.retention')}</th>
              <th>{t('replay.analytics.viewers')}</th>
            </tr>
          </thead>
          <tbody>
            {concurrency.map((v, m) => (
              <tr key={m}>
                <td>{labels[m]}</td>
                <td>{v}</td>
                <td>{online[m] ?? 0}</td>
                <td>{Math.round((retention[m] ?? 0) * 100)}%</td>
                <td>{replay[m] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
