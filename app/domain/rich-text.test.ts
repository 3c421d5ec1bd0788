import { describe, expect, test } from 'vitest'
import { renderRichText, richTextToPlain } from './rich-text.ts'

describe('renderRichText', () => {
  test.each([
    ['plain text is escaped, line breaks kept', 'a < b & c\n第二行', 'plain', 'a &lt; b &amp; c<br>第二行'],
    ['allowed tags stay, without attributes', '<b class="x" onclick="evil()">粗</b> <span style="font-style: italic;">斜</span>', 'html', '<b>粗</b> <span>斜</span>'],
    [
      "Moodle's fixture: a link loses its markup, keeps its text",
      '<a href="http://demo.moodle.net/bonjour.mp3">Listen to this greeting:</a><br /><br />What language?',
      'html',
      'Listen to this greeting:<br><br>What language?',
    ],
    ['script and style go with their contents', 'x<script>alert(1)</script><style>p{}</style>y', 'html', 'xy'],
    ['event handlers on allowed tags go', '<img src=x onerror=alert(1)><p onmouseover="alert(1)">t</p>', 'html', '<p>t</p>'],
    ['a javascript: link loses its markup', '<a href="javascript:alert(1)">click</a>', 'html', 'click'],
    ['a closing tag that was never opened is dropped; an open one is closed', '</b><i>x', 'html', '<i>x</i>'],
    ['a stray < is escaped', '1 < 2 and 3 > 2', 'html', '1 &lt; 2 and 3 &gt; 2'],
    ['well-formed entities stay, a bare & is escaped', '&nbsp;&#169;&#x4e2d; & more', 'html', '&nbsp;&#169;&#x4e2d; &amp; more'],
    ['comments go', 'a<!-- secret -->b', 'html', 'ab'],
    ['a quoted > inside an attribute does not end the tag', '<span title="a>b">t</span>', 'html', '<span>t</span>'],
    ['moodle format: tags as in html, and line breaks', '<b>x</b>\ny', 'moodle', '<b>x</b><br>y'],
    ['markdown: bold, italic, code, escaped HTML', '**重点** and *note* `x<y` <b>', 'markdown', '<strong>重点</strong> and <em>note</em> <code>x&lt;y</code> &lt;b&gt;'],
    ['an unclosed script drops the rest', 'ok<script>alert(1)', 'html', 'ok'],
  ] as const)('%s', (_name, text, format, html) => {
    expect(renderRichText(text, format)).toBe(html)
  })
})

test('richTextToPlain drops markup for spreadsheets', () => {
  expect(richTextToPlain('<b>高血压</b>的诊断<br />标准？')).toBe('高血压的诊断\n标准？')
})
