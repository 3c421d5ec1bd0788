// The benchmark baseline: the same server, root layout and root loader as every page,
// with nothing of its own to load or render (bench/event-page-throughput.ts).
export function loader() {
  return { ok: true }
}

export default function Bare() {
  return <p>ok</p>
}
