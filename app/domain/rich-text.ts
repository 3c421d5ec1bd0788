import type { TextFormat } from './question.ts'

/**
 * Question texts as safe HTML (issue 6). Imported GIFT keeps its markup as written, and
 * Moodle's fixtures carry links, spans with styles and `<br />`; a text must never run
 * script in a candidate's browser. So:
 * - `plain`: every character escaped, line breaks kept.
 * - `html` and `moodle`: an allowlist. These tags survive, without any attribute:
 *   b strong i em u s sub sup br p ul ol li code pre span div blockquote small. Every other
 *   tag is dropped with its markup (its text stays, escaped), and the contents of script,
 *   style, iframe, object and template are dropped entirely. `moodle` also keeps line breaks.
 * - `markdown`: escaped, then **bold**, *italic*, `code` and line breaks.
 * Entities are kept only in their well-formed shapes (&name; &#123; &#x1F;); any other `&`
 * is escaped.
 */
export function renderRichText(text: string, format: TextFormat): string {
  switch (format) {
    case 'plain':
      return lineBreaks(escapeText(text))
    case 'markdown':
      return lineBreaks(
        escapeText(text)
          .replace(/`([^`\n]+)`/g, '<code>$1</code>')
          .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
          .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<em>$2</em>'),
      )
    case 'moodle':
      return lineBreaks(sanitiseHtml(text))
    case 'html':
      return sanitiseHtml(text)
  }
}

const ALLOWED = new Set(['b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'br', 'p', 'ul', 'ol', 'li', 'code', 'pre', 'span', 'div', 'blockquote', 'small'])
const VOID = new Set(['br'])
const DROP_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'template', 'noscript', 'textarea', 'title'])

function sanitiseHtml(html: string): string {
  let out = ''
  let i = 0
  const open: string[] = []
  // Inside a dropped element (script…), everything up to its closing tag goes.
  let dropping: string | null = null
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt < 0) {
      if (!dropping) out += escapeText(html.slice(i))
      break
    }
    if (!dropping) out += escapeText(html.slice(i, lt))
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4)
      i = end < 0 ? html.length : end + 3
      continue
    }
    const tag = /^<\s*(\/?)\s*([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(html.slice(lt))
    if (!tag) {
      if (!dropping) out += '&lt;'
      i = lt + 1
      continue
    }
    i = lt + tag[0].length
    const closing = tag[1] === '/'
    const name = tag[2]!.toLowerCase()
    if (dropping) {
      if (closing && name === dropping) dropping = null
      continue
    }
    if (DROP_CONTENT.has(name)) {
      if (!closing && !/\/\s*$/.test(tag[3]!)) dropping = name
      continue
    }
    if (!ALLOWED.has(name)) continue
    if (VOID.has(name)) {
      if (!closing) out += `<${name}>`
      continue
    }
    if (closing) {
      const at = open.lastIndexOf(name)
      if (at < 0) continue
      while (open.length > at) out += `</${open.pop()}>`
    } else {
      open.push(name)
      out += `<${name}>`
    }
  }
  while (open.length > 0) out += `</${open.pop()}>`
  return out
}

function escapeText(s: string): string {
  return s
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

const lineBreaks = (s: string) => s.replace(/\r\n?|\n/g, '<br>')

/** Markup removed, for spreadsheets and lists. Entities stay as written. */
export function richTextToPlain(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .trim()
}
