/** Text added by the language pass of issue 15 (the walk's nits), in both languages. */
export const zhCN = {
  language: {
    surveyWithheld: '目前仅有 {{count}} 份回答，不足 {{min}} 份：为保护填写人匿名，暂不显示各题答案。',
    invalidField: '此项填写有误，请检查。',
  },
}

export const en: typeof zhCN = {
  language: {
    surveyWithheld: 'Only {{count}} responses so far, fewer than {{min}}: to keep respondents anonymous, the answers are not shown yet.',
    invalidField: 'This entry is not valid; please check it.',
  },
}
