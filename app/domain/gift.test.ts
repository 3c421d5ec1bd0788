import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { formatGift, parseGift, type GiftErrorCode } from './gift.ts'
import type { Question, QuestionBase } from './question.ts'

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../tests/fixtures/moodle-gift/${name}`, import.meta.url)), 'utf8')
const only = (gift: string) => {
  const { questions, errors } = parseGift(gift)
  expect(errors).toEqual([])
  expect(questions).toHaveLength(1)
  return questions[0]!
}
const errorsOf = (gift: string) => parseGift(gift).errors.map(({ line, code }) => ({ line, code }))
const base: Omit<QuestionBase, 'title' | 'text'> = { textFormat: 'moodle', generalFeedback: '', category: null, tags: [] }

describe('parseGift on Moodle’s own fixtures', () => {
  test('loads the seven supported questions of moodle-questions.gift.txt and rejects the essay and the matching question by line', () => {
    const { questions, errors } = parseGift(fixture('moodle-questions.gift.txt'))
    expect(questions.map((q) => [q.title, q.type])).toEqual([
      ['Q2', 'SINGLE_CHOICE'],
      ['colours', 'MULTIPLE_CHOICE'],
      ['Q5', 'NUMERICAL'],
      ['Shortanswer', 'SHORT_ANSWER'],
      ['Q1', 'TRUE_FALSE'],
      ['2-08 TSL', 'TRUE_FALSE'],
      ['2-08 TSL', 'TRUE_FALSE'],
    ])
    expect(errors).toEqual([
      { line: 2, code: 'unsupported_essay', question: 'Q8', message: expect.stringContaining('"Q8"') },
      { line: 5, code: 'unsupported_matching', question: 'Moodle activities', message: expect.stringContaining('"Moodle activities"') },
    ])
  })

  test('reads weights, feedback, ranges, wildcards and general feedback as Moodle does', () => {
    const [q2, colours, q5, shortanswer, q1, tsl] = parseGift(fixture('moodle-questions.gift.txt')).questions
    expect(q2).toEqual({
      ...base,
      type: 'SINGLE_CHOICE',
      title: 'Q2',
      text: "What's between orange and green in the spectrum?",
      options: [
        { text: 'yellow', weight: 1, feedback: 'right; good!' },
        { text: 'red', weight: 0, feedback: "wrong, it's yellow" },
        { text: 'blue', weight: 0, feedback: "wrong, it's yellow" },
      ],
    })
    expect(colours).toMatchObject({
      type: 'MULTIPLE_CHOICE',
      scoring: 'PARTIAL_CREDIT',
      options: [
        { text: 'yellow', weight: 0.5 },
        { text: 'red', weight: -1, feedback: 'wrong' },
        { text: 'off-beige', weight: 0.5 },
        { text: 'blue', weight: -1 },
      ],
    })
    // Text after the closing brace makes a missing-word question, in Moodle too.
    expect(q5).toMatchObject({ text: 'What is a number from 1 to 5? _____";', answers: [{ kind: 'TOLERANCE', value: 3, tolerance: 2, weight: 1 }], incorrectFeedback: 'Completely wrong' })
    expect(shortanswer).toMatchObject({
      answers: [
        { text: 'Frog', weight: 1, feedback: 'Good!' },
        { text: 'Cat', weight: 0.5 },
        { text: '*', weight: 0, feedback: 'Completely wrong' },
      ],
    })
    expect(q1).toMatchObject({
      answer: false,
      incorrectFeedback: '42 is the Ultimate Answer.',
      correctFeedback: 'You gave the right answer.',
      generalFeedback: "This is, of course, a Hitchiker's Guide to the Galaxy reference.",
    })
    expect(tsl).toMatchObject({ text: 'TSL is blablabla.', answer: true })
  })

  test('moodle-questions_in_category.gift.txt: the category applies to every question, HTML is kept and escapes are undone', () => {
    const { questions, errors } = parseGift(fixture('moodle-questions_in_category.gift.txt'))
    expect(errors).toEqual([{ line: 5, code: 'unsupported_matching', question: 'Moodle activities', message: expect.any(String) }])
    expect(questions.map((q) => [q.title, q.type, q.category, q.textFormat])).toEqual([
      ['Greeting', 'SINGLE_CHOICE', '$course$/Default for New Features', 'html'],
      ['Moodle user', 'SHORT_ANSWER', '$course$/Default for New Features', 'html'],
      ['Moodle acronym', 'TRUE_FALSE', '$course$/Default for New Features', 'html'],
    ])
    expect(questions[0]!.text).toBe('<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a><br /><br />What language is being spoken?')
    expect(questions[1]).toMatchObject({ answers: [{ text: 'Moodler', weight: 1, feedback: '' }] })
    expect(questions[2]!.text).toContain('<span style="font-style: italic;">')
  })

  test.each(['moodle-questions.gift.txt', 'moodle-questions_in_category.gift.txt'])('%s survives export and re-import unchanged', (name) => {
    const { questions } = parseGift(fixture(name))
    expect(parseGift(formatGift(questions))).toEqual({ questions, errors: [] })
  })
})

describe('parseGift question types', () => {
  test.each<[string, string, Record<string, unknown>]>([
    [
      'single choice',
      "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
      {
        type: 'SINGLE_CHOICE',
        text: "Who's buried in Grant's tomb?",
        title: "Who's buried in Grant's tomb?",
        options: [
          { text: 'Grant', weight: 0, feedback: '' },
          { text: 'Jefferson', weight: 0, feedback: '' },
          { text: 'no one', weight: 1, feedback: '' },
        ],
      },
    ],
    [
      'single choice with several right answers and partial credit',
      'Q {=a =b ~%50%c ~d}',
      {
        type: 'SINGLE_CHOICE',
        options: [
          { text: 'a', weight: 1 },
          { text: 'b', weight: 1 },
          { text: 'c', weight: 0.5 },
          { text: 'd', weight: 0 },
        ],
      },
    ],
    [
      'single choice spread over lines',
      'Japanese characters originally came from what country? {\n    ~India\n    =China\n    ~Korea\n    ~Egypt}',
      { type: 'SINGLE_CHOICE', options: [{ text: 'India' }, { text: 'China', weight: 1 }, { text: 'Korea' }, { text: 'Egypt' }] },
    ],
    [
      'multiple choice with negative weights',
      "Who is in Grant's tomb? {~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father}",
      { type: 'MULTIPLE_CHOICE', scoring: 'PARTIAL_CREDIT', options: [{ weight: -0.5 }, { weight: 0.5 }, { weight: 0.5 }, { weight: -0.5 }] },
    ],
    [
      'multiple choice with decimal weights',
      'Pick three {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}',
      { type: 'MULTIPLE_CHOICE', options: [{ weight: 0.3333333 }, { weight: 0.3333333 }, { weight: 0.3333334 }, { weight: -1 }] },
    ],
    ['true/false {T}', 'The sun rises in the east.{T}', { type: 'TRUE_FALSE', answer: true, correctFeedback: '', incorrectFeedback: '' }],
    ['true/false {TRUE}', 'The sun rises in the east.{TRUE}', { type: 'TRUE_FALSE', answer: true }],
    ['true/false {F}', 'Grant is buried in Grant’s tomb.{F}', { type: 'TRUE_FALSE', answer: false }],
    [
      'true/false {FALSE} with feedback for a wrong answer',
      "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}",
      { type: 'TRUE_FALSE', answer: false, incorrectFeedback: "No one is buried in Grant's tomb.", correctFeedback: '' },
    ],
    ['true/false in lower case', 'Q{true#wrong#right}', { type: 'TRUE_FALSE', answer: true, incorrectFeedback: 'wrong', correctFeedback: 'right' }],
    [
      'short answer',
      "Who's buried in Grant's tomb?{=no one =nobody}",
      {
        type: 'SHORT_ANSWER',
        answers: [
          { text: 'no one', weight: 1, feedback: '' },
          { text: 'nobody', weight: 1, feedback: '' },
        ],
      },
    ],
    ['a lone = answer is a short answer, not a one-option choice', 'Q {=a}', { type: 'SHORT_ANSWER', answers: [{ text: 'a', weight: 1 }] }],
    ['short answer without =, as Moodle reads it', 'Capital of France? {Paris}', { type: 'SHORT_ANSWER', answers: [{ text: 'Paris', weight: 1 }] }],
    [
      'short answer with weights and feedback',
      "Jesus Christ was from {\n=Nazareth#Yes! That's right!\n=%75%Nazereth#Right, but misspelled.\n=%25%Bethlehem#He was born here.}.",
      {
        type: 'SHORT_ANSWER',
        text: 'Jesus Christ was from _____.',
        answers: [
          { text: 'Nazareth', weight: 1, feedback: "Yes! That's right!" },
          { text: 'Nazereth', weight: 0.75 },
          { text: 'Bethlehem', weight: 0.25 },
        ],
      },
    ],
    [
      'numerical with tolerance',
      'Pi to two places? {#3.14:0.01}',
      { type: 'NUMERICAL', answers: [{ kind: 'TOLERANCE', value: 3.14, tolerance: 0.01, weight: 1, feedback: '' }], incorrectFeedback: '' },
    ],
    ['numerical exact', 'When was Ulysses S. Grant born? {#1822}', { type: 'NUMERICAL', answers: [{ kind: 'TOLERANCE', value: 1822, tolerance: 0 }] }],
    ['numerical range', 'What is a number from 1 to 5? {#1..5}', { type: 'NUMERICAL', answers: [{ kind: 'RANGE', min: 1, max: 5, weight: 1 }] }],
    [
      'numerical negative range and exponent',
      'Q {#=-5..-1 =%50%1e-3:2.5E-4}',
      {
        type: 'NUMERICAL',
        answers: [
          { kind: 'RANGE', min: -5, max: -1 },
          { kind: 'TOLERANCE', value: 0.001, tolerance: 0.00025, weight: 0.5 },
        ],
      },
    ],
    [
      'numerical with several answers',
      'Grant was born in? {#\n=1822:0 #Correct!\n=%50%1822:2 #Close.\n}',
      {
        type: 'NUMERICAL',
        answers: [
          { value: 1822, tolerance: 0, weight: 1, feedback: 'Correct!' },
          { value: 1822, tolerance: 2, weight: 0.5, feedback: 'Close.' },
        ],
      },
    ],
    [
      'numerical {# =2:0 =%50%3:1}',
      'One plus one? {# =2:0 =%50%3:1}',
      {
        type: 'NUMERICAL',
        answers: [
          { value: 2, tolerance: 0, weight: 1 },
          { value: 3, tolerance: 1, weight: 0.5 },
        ],
      },
    ],
    ['numerical with full-width digits and colon', '圆周率？{#３.１４：０.０１}', { type: 'NUMERICAL', answers: [{ kind: 'TOLERANCE', value: 3.14, tolerance: 0.01 }] }],
    ['numerical with feedback for any wrong answer', 'Q {#42 ~#Not even close.}', { type: 'NUMERICAL', answers: [{ value: 42 }], incorrectFeedback: 'Not even close.' }],
  ])('%s', (_name, gift, expected) => {
    expect(only(gift)).toMatchObject(expected)
  })

  test('an answer block in the middle of the text leaves a blank where it stood', () => {
    expect(only("Grant is {~buried =entombed ~living} in Grant's tomb.").text).toBe("Grant is _____ in Grant's tomb.")
    expect(only('{=Paris} is the capital of France.').text).toBe('_____ is the capital of France.')
    expect(only('The American holiday of Thanksgiving is celebrated on the {\n~second\n~third\n=fourth\n} Thursday of November.').text).toBe(
      'The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.',
    )
  })

  test('general feedback after #### belongs to the question, not to the last answer', () => {
    expect(only('Q {=a#fa ~b#fb ####Read chapter 2.}')).toMatchObject({ generalFeedback: 'Read chapter 2.', options: [{ feedback: 'fa' }, { feedback: 'fb' }] })
    expect(only('Q {TRUE#wrong#right####General.}')).toMatchObject({ incorrectFeedback: 'wrong', correctFeedback: 'right', generalFeedback: 'General.' })
    expect(only('Q {#5:1####General.}')).toMatchObject({ answers: [{ value: 5, tolerance: 1 }], generalFeedback: 'General.' })
  })

  test('escaped control characters are literal, \\n is a line break and other backslashes stay', () => {
    expect(only('Which answer equals 5? {\n ~ \\= 2 + 2\n = \\= 2 + 3\n ~ \\= 2 + 4 }')).toMatchObject({ options: [{ text: '= 2 + 2' }, { text: '= 2 + 3', weight: 1 }, { text: '= 2 + 4' }] })
    const q = only('::A\\:B::Set \\{1\\} has \\~ \\# \\\\ and\\na line break, and \\(x^2\\).{=a\\#1 # see \\#2 ~b}')
    expect(q).toMatchObject({ title: 'A:B', text: 'Set {1} has ~ # \\ and\na line break, and \\(x^2\\).', options: [{ text: 'a#1', feedback: 'see #2' }, { text: 'b' }] })
  })

  test('private-use characters in the text (legacy GBK user-defined characters) are kept and are not syntax', () => {
    const odd = '\uE07B\uE07D\uE080\uE17B\uE000'
    expect(only(`::${odd}::Q${odd}{=a${odd} ~b}`)).toMatchObject({ title: odd, text: `Q${odd}`, options: [{ text: `a${odd}` }, { text: 'b' }] })
  })

  test('the GIFT control-character example from Moodle’s docs reads back every character', () => {
    const q = only(
      '::GIFT Control Characters::\nWhich of the following is NOT a control character for the GIFT import format? {\n   ~ \\~     # \\~ is a control character.\n   ~ \\=     # \\= is a control character.\n   ~ \\#     # \\# is a control character.\n   ~ \\{     # \\{ is a control character.\n   ~ \\}     # \\} is a control character.\n   = \\\\     # Correct! \\\\ (backslash) is not a control character.\n}',
    )
    expect(q.type === 'SINGLE_CHOICE' && q.options.map((o) => [o.text, o.weight])).toEqual([
      ['~', 0],
      ['=', 0],
      ['#', 0],
      ['{', 0],
      ['}', 0],
      ['\\', 1],
    ])
  })

  test.each([
    ['[html]', '[html]<p>What is <b>bold</b>?</p>{=<b>this</b> ~that}', 'html', '<p>What is <b>bold</b>?</p>'],
    ['[markdown]', "[markdown]Who's buried in **Grant's tomb**?{=no one#excellent answer!}", 'markdown', "Who's buried in **Grant's tomb**?"],
    ['[plain]', '[plain]1 < 2{T}', 'plain', '1 < 2'],
    ['[moodle]', '[moodle]Plain Moodle text{T}', 'moodle', 'Plain Moodle text'],
    ['an unknown marker, which is text', '[note] this stays{T}', 'moodle', '[note] this stays'],
  ])('the %s text format is recorded and the marker removed', (_name, gift, format, text) => {
    expect(only(`::t::${gift}`)).toMatchObject({ textFormat: format, text })
  })

  test('format markers before options and feedback are dropped, their text kept', () => {
    expect(only('::t::[html]Q{=[plain]yes # [html]<b>right</b> ~[markdown]no}')).toMatchObject({ options: [{ text: 'yes', feedback: '<b>right</b>' }, { text: 'no' }] })
  })

  test('Chinese text with full-width punctuation parses: ：｛｝＝～＃ are text, not GIFT syntax', () => {
    const q = only('::高血压：诊断::成人高血压的诊断标准是（｛注：诊室血压｝）～＝＃？{\n=收缩压≥140 mmHg和/或舒张压≥90 mmHg #正确！\n~收缩压≥120 mmHg #错误：这是正常高值。\n~%-50%收缩压≥160 mmHg\n}')
    expect(q).toMatchObject({
      type: 'SINGLE_CHOICE',
      title: '高血压：诊断',
      text: '成人高血压的诊断标准是（｛注：诊室血压｝）～＝＃？',
      options: [
        { text: '收缩压≥140 mmHg和/或舒张压≥90 mmHg', weight: 1, feedback: '正确！' },
        { text: '收缩压≥120 mmHg', weight: 0, feedback: '错误：这是正常高值。' },
        { text: '收缩压≥160 mmHg', weight: -0.5 },
      ],
    })
    expect(only('阿司匹林属于哪类药物？{=抗血小板药 =抗血小板药物}')).toMatchObject({
      type: 'SHORT_ANSWER',
      title: '阿司匹林属于哪类药物？',
      answers: [{ text: '抗血小板药' }, { text: '抗血小板药物' }],
    })
  })

  test('a question without a title is named by its first words, without markup', () => {
    expect(only('[html]<p>Which of these drugs is a <i>beta blocker</i> used first-line in stable angina?</p>{=metoprolol ~amlodipine}').title).toBe(
      'Which of these drugs is a beta blocker used first…',
    )
  })
})

describe('parseGift file structure', () => {
  test('comments are ignored wherever they stand, and blank lines separate questions', () => {
    const { questions, errors } = parseGift('// heading\n\n// about Q1\n::Q1::One?{T}\n\n\n\n::Q2:: Two? {\n// a comment inside the block\n=2\n}\n// trailing comment')
    expect(errors).toEqual([])
    expect(questions.map((q) => q.title)).toEqual(['Q1', 'Q2'])
  })

  test('$CATEGORY: applies to the questions after it until the next one, and an empty one clears it', () => {
    const { questions } = parseGift('::A::a{T}\n\n$CATEGORY: $course$/心血管/高血压\n\n::B::b{T}\n\n::C::c{T}\n\n$CATEGORY: $course$/Other\n::D::d{T}\n\n$CATEGORY:\n\n::E::e{T}')
    expect(questions.map((q) => [q.title, q.category])).toEqual([
      ['A', null],
      ['B', '$course$/心血管/高血压'],
      ['C', '$course$/心血管/高血压'],
      ['D', '$course$/Other'],
      ['E', null],
    ])
  })

  test('tags come from Moodle’s [tag:…] comments, and [scoring:all-or-nothing] sets all-or-nothing', () => {
    const q = only('// question: 12  name: tagged\n// [id:Q12] [tag:心血管] [tag:Hypertension \\] 2024] [tag:心血管]\n// [scoring:all-or-nothing]\n::tagged::Pick {~%50%a ~%50%b ~%-100%c}')
    expect(q).toMatchObject({ tags: ['心血管', 'Hypertension ] 2024'], type: 'MULTIPLE_CHOICE', scoring: 'ALL_OR_NOTHING' })
  })

  test('Windows line endings and a byte-order mark change nothing', () => {
    const unix = parseGift('::Q1::One?{\n=a\n~b\n}\n\n::Q2::Two{T}')
    expect(parseGift('\uFEFF::Q1::One?{\r\n=a\r\n~b\r\n}\r\n\r\n::Q2::Two{T}')).toEqual(unix)
  })

  test('an empty file or one with only comments gives nothing and no errors', () => {
    expect(parseGift('')).toEqual({ questions: [], errors: [] })
    expect(parseGift('// nothing here\n\n   \n// still nothing')).toEqual({ questions: [], errors: [] })
  })
})

describe('parseGift errors', () => {
  test.each<[string, string, { line: number; code: GiftErrorCode }[]]>([
    ['an essay', '// intro\n\n::Essay:: Tell us about it. {}', [{ line: 3, code: 'unsupported_essay' }]],
    ['an essay with only general feedback', 'Tell us. {####Thanks}', [{ line: 1, code: 'unsupported_essay' }]],
    ['a matching question starts where its title is', '\n\n// match\n::M::Match these {\n=Canada -> Ottawa\n=Italy -> Rome\n}', [{ line: 4, code: 'unsupported_matching' }]],
    ['a description without answer block', '::D::Just some text\nover two lines', [{ line: 1, code: 'unsupported_description' }]],
    ['an answer block that is never closed', '::Q::What?\nIt is {\n=a\n~b', [{ line: 2, code: 'unclosed_brace' }]],
    [
      'a blank line inside an answer block splits it into two broken questions',
      '::Q::What? {\n=a\n\n~b\n}',
      [
        { line: 1, code: 'unclosed_brace' },
        { line: 5, code: 'unopened_brace' },
      ],
    ],
    ['a closing brace without an opening one', '::Q::What?\n=a ~b}', [{ line: 2, code: 'unopened_brace' }]],
    ['a second opening brace inside the block', '::Q::What? {=a\n~{b}', [{ line: 1, code: 'unclosed_brace' }]],
    ['two answer blocks', '::Q::What {=a ~b} and\nwhat {=c ~d}', [{ line: 2, code: 'multiple_answer_blocks' }]],
    ['a stray closing brace after the block', '::Q::What {=a ~b}\nreally}', [{ line: 2, code: 'unopened_brace' }]],
    ['a title that is never closed', '::Q What? {T}', [{ line: 1, code: 'unclosed_title' }]],
    ['a question with no text', '::Q::{T}', [{ line: 1, code: 'empty_question_text' }]],
    ['multiple choice with no right option', '::Q::What?\n{\n~a\n~b\n}', [{ line: 1, code: 'no_correct_answer' }]],
    ['multiple choice whose weights add up to 90%', '::Q::What?{~%50%a ~%40%b ~c}', [{ line: 1, code: 'weights_do_not_add_up' }]],
    ['multiple choice with a single option', '::Q::What?{~%100%a}', [{ line: 1, code: 'too_few_options' }]],
    ['a weight above 100%', '::Q::What?{=a ~%150%b}', [{ line: 1, code: 'bad_weight' }]],
    ['a weight that is not a number points at its line', '::Q::What?{\n=a\n~%half%b\n}', [{ line: 3, code: 'bad_weight' }]],
    ['an empty option', '::Q::What?{=a ~ ~b}', [{ line: 1, code: 'empty_answer' }]],
    ['short answer with no full-credit answer', '::Q::What?{=%50%a =%25%b}', [{ line: 1, code: 'no_correct_answer' }]],
    ['short answer with a negative weight', '::Q::What?{=a =%-50%b}', [{ line: 1, code: 'bad_weight' }]],
    ['a numerical answer that is not a number', '::Q::How many?\n{#\n=12\n=%50%twelve\n}', [{ line: 4, code: 'bad_number' }]],
    ['a numerical tolerance that is not a number', '::Q::Pi?{#3.14:x}', [{ line: 1, code: 'bad_number' }]],
    ['a number with a decimal comma', '::Q::Pi?{#3,14}', [{ line: 1, code: 'bad_number' }]],
    ['an empty numerical answer', '::Q::Pi?{#}', [{ line: 1, code: 'no_correct_answer' }]],
    ['a range upside down', '::Q::Between?{#5..1}', [{ line: 1, code: 'bad_range' }]],
    ['a negative tolerance', '::Q::Pi?{#3.14:-0.01}', [{ line: 1, code: 'bad_tolerance' }]],
    ['numerical with no full-credit answer', '::Q::Pi?{#=%50%3.14}', [{ line: 1, code: 'no_correct_answer' }]],
    ['text after ~ in a numerical question', '::Q::Pi?\n{#3.14\n~oops}', [{ line: 3, code: 'unexpected_text' }]],
  ])('%s', (_name, gift, expected) => {
    expect(errorsOf(gift)).toEqual(expected)
  })

  test('every bad question is reported, in line order, and the good ones are still returned for preview', () => {
    const gift = ['::Good1::Fine?{T}', '', '// broken', '::Broken::Oops {=a ~b', '', '::Essay::Write. {}', '', '::Good2::Also fine {=x ~y}', '', '::Nums::{#abc}'].join('\n')
    const { questions, errors } = parseGift(gift)
    expect(questions.map((q) => q.title)).toEqual(['Good1', 'Good2'])
    expect(errors.map((e) => [e.line, e.code, e.question])).toEqual([
      [4, 'unclosed_brace', 'Broken'],
      [6, 'unsupported_essay', 'Essay'],
      [10, 'bad_number', 'Nums'],
    ])
  })

  test('an untitled question is named in the message by its first words', () => {
    const [error] = parseGift('How do you feel about continuing medical education in general? {}').errors
    expect(error).toMatchObject({ line: 1, question: 'How do you feel about continuing medical educatio…' })
    expect(error!.message).toMatch(/^"How do you feel about continuing medical educatio…": essay questions/)
  })

  test('messages are sentences a person can act on', () => {
    expect(parseGift('::Dose::Dose?{#ten}').errors[0]!.message).toBe('"Dose": "ten" is not a number; write 3.14, 3.14:0.01 (with a tolerance) or 1..5 (a range).')
    expect(parseGift('::Pick::Pick {~%50%a ~%40%b}').errors[0]!.message).toBe('"Pick": the positive weights of the options must add up to 100%; they add up to 90%.')
  })

  test('errors carry a code and still fit the { line, message } shape the issue asks for', () => {
    const errors: { line: number; message: string }[] = parseGift('::E::x{}').errors
    expect(errors).toEqual([{ line: 1, message: expect.any(String), code: 'unsupported_essay', question: 'E' }])
  })
})

describe('formatGift', () => {
  test('writes a readable GIFT file', () => {
    const questions: Question[] = [
      {
        ...base,
        type: 'SINGLE_CHOICE',
        title: 'Q1',
        text: '2 + 2 = ?',
        options: [
          { text: '4', weight: 1, feedback: 'Yes: four.' },
          { text: '5', weight: 0, feedback: '' },
        ],
      },
      { ...base, type: 'TRUE_FALSE', title: 'Q2', text: 'The sun rises in the east.', answer: true, correctFeedback: '', incorrectFeedback: 'It does.', category: 'Top/Sky', tags: ['sky'] },
    ]
    expect(formatGift(questions)).toBe('::Q1::2 + 2 \\= ?{\n\t=4#Yes\\: four.\n\t~5\n}\n\n$CATEGORY: Top/Sky\n\n// [tag:sky]\n::Q2::The sun rises in the east.{TRUE#It does.}\n')
  })

  test('writes nothing for no questions', () => {
    expect(formatGift([])).toBe('')
  })

  const awkward = 'a {b} ~c =d #e: \\f\nnew line'
  const roundTrips: [string, Question][] = [
    [
      'single choice with control characters everywhere',
      {
        ...base,
        type: 'SINGLE_CHOICE',
        title: 'Title: {with} ::colons::',
        text: awkward,
        options: [
          { text: awkward, weight: 1, feedback: awkward },
          { text: '~', weight: 0.5, feedback: '' },
          { text: '=', weight: 0, feedback: '#' },
        ],
      },
    ],
    [
      'options that start with % or a format marker',
      {
        ...base,
        type: 'SINGLE_CHOICE',
        title: 't',
        text: '[html] is text here',
        options: [
          { text: '%50% of people', weight: 1, feedback: '[plain] too' },
          { text: '%', weight: 0, feedback: '' },
          { text: '%10%', weight: 0.25, feedback: '' },
        ],
      },
    ],
    [
      'multiple choice, partial credit, thirds',
      {
        ...base,
        type: 'MULTIPLE_CHOICE',
        title: 't',
        text: 'Pick',
        scoring: 'PARTIAL_CREDIT',
        options: [
          { text: 'a', weight: 0.3333333, feedback: '' },
          { text: 'b', weight: 0.3333333, feedback: '' },
          { text: 'c', weight: 0.3333334, feedback: '' },
          { text: 'd', weight: -1, feedback: 'no' },
        ],
      },
    ],
    [
      'multiple choice with a 100% option stays multiple choice',
      {
        ...base,
        type: 'MULTIPLE_CHOICE',
        title: 't',
        text: 'Pick',
        scoring: 'PARTIAL_CREDIT',
        options: [
          { text: 'a', weight: 1, feedback: '' },
          { text: 'b', weight: 0, feedback: '' },
        ],
      },
    ],
    [
      'multiple choice, all or nothing, tagged',
      {
        ...base,
        type: 'MULTIPLE_CHOICE',
        title: 't',
        text: 'Pick',
        scoring: 'ALL_OR_NOTHING',
        tags: ['a]b', '心血管'],
        options: [
          { text: 'a', weight: 0.5, feedback: '' },
          { text: 'b', weight: 0.5, feedback: '' },
          { text: 'c', weight: 0, feedback: '' },
        ],
      },
    ],
    [
      'true/false with only the right-answer feedback',
      { ...base, type: 'TRUE_FALSE', title: 't', text: 'T?', answer: false, correctFeedback: 'Right # indeed', incorrectFeedback: '', generalFeedback: 'G' },
    ],
    ['true/false with both feedbacks', { ...base, type: 'TRUE_FALSE', title: 't', text: 'T?', answer: true, correctFeedback: 'r', incorrectFeedback: 'w' }],
    [
      'short answer with wildcard, weights and a T answer',
      {
        ...base,
        type: 'SHORT_ANSWER',
        title: 't',
        text: 'Say',
        answers: [
          { text: 'T', weight: 1, feedback: '' },
          { text: '%x', weight: 1, feedback: '' },
          { text: 'ab*', weight: 0.5, feedback: 'close' },
          { text: '*', weight: 0, feedback: 'no' },
        ],
      },
    ],
    [
      'numerical with tolerance, range, exponent, negatives and wrong-answer feedback',
      {
        ...base,
        type: 'NUMERICAL',
        title: 't',
        text: 'N',
        incorrectFeedback: 'no: never',
        generalFeedback: 'g',
        answers: [
          { kind: 'TOLERANCE', value: -3.14, tolerance: 0.01, weight: 1, feedback: 'ok' },
          { kind: 'TOLERANCE', value: 1e-7, tolerance: 0, weight: 0.5, feedback: '' },
          { kind: 'RANGE', min: -5, max: -1, weight: 0.25, feedback: '' },
        ],
      },
    ],
    [
      'missing word in the middle',
      {
        ...base,
        type: 'SINGLE_CHOICE',
        title: 't',
        text: 'Grant is _____ in Grant’s tomb.',
        options: [
          { text: 'entombed', weight: 1, feedback: '' },
          { text: 'living', weight: 0, feedback: '' },
        ],
      },
    ],
    [
      'missing word at the start, in HTML',
      { ...base, type: 'SHORT_ANSWER', title: 't', text: '_____ is the capital of <b>France</b>.', textFormat: 'html', answers: [{ text: 'Paris', weight: 1, feedback: '' }] },
    ],
    ['a blank at the very end stays text', { ...base, type: 'SHORT_ANSWER', title: 't', text: 'The capital of France is _____', answers: [{ text: 'Paris', weight: 1, feedback: '' }] }],
    [
      'Chinese text, markdown and a category',
      {
        ...base,
        type: 'SINGLE_CHOICE',
        title: '高血压：诊断',
        text: '**成人**高血压的诊断标准是？｛全角｝',
        textFormat: 'markdown',
        category: '$course$/心血管',
        options: [
          { text: '≥140/90 mmHg', weight: 1, feedback: '正确！' },
          { text: '≥120/80 mmHg', weight: 0, feedback: '错误：正常高值' },
        ],
      },
    ],
  ]
  test.each(roundTrips)('round-trips %s', (_name, question) => {
    expect(parseGift(formatGift([question]))).toEqual({ questions: [question], errors: [] })
  })

  test('round-trips a whole bank, switching categories and back to none', () => {
    const bank = roundTrips.map(([, question], i) => ({ ...question, category: i % 3 === 0 ? null : `cat/${i % 2}` }))
    expect(parseGift(formatGift(bank))).toEqual({ questions: bank, errors: [] })
  })
})
