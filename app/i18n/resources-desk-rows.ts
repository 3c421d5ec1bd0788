/**
 * The registrations desk's progress columns (minutes, exam, survey), its money row actions
 * (move to another ticket, refund) and the attendee's evidence page (issue 15 §1). Spread
 * into resources.ts as the `deskRows` namespace; the resources test checks both languages
 * have the same keys.
 */
export const zhCN = {
  deskRows: {
    columns: { minutes: '出勤分钟', exam: '考试', survey: '评估问卷' },
    exam: { none: '无考试', not_started: '未参加', in_progress: '答题中', awaiting_grade: '待评分', failed: '未通过', passed: '已通过' },
    survey: { none: '无问卷', not_completed: '未填写', completed: '已填写' },
    minutesHint: '直播、现场与回放的出勤时长，多设备或并行论坛只计一次；计入学分的分钟见学分凭证。',
    move: {
      summary: '换票',
      ticket: '新票种',
      note: '说明（价格不同时必填）',
      submit: '确认换票',
      price: '{{ticket}}（{{price}}）',
    },
    moveProblem: {
      same_ticket: '该报名已是这个票种。',
      not_movable: '只有已确认、待审核或待付款的报名可以换票。',
      sold_out: '新票种已无剩余名额。',
      payment_pending: '该报名正在按原价付款（在线支付或对公转账），只能换到同价票种。',
      note_required: '新票种价格不同：请在说明中写明原因（已付金额保持不变，差额请另行退款或收取）。',
    },
    refund: {
      summary: '退款',
      stripe: '通过 Stripe 全额退款',
      transfer: '登记对公转账退款（全额）',
      reference: '退款转账流水号',
      referenceRequired: '请填写退款转账的流水号。',
      submit: '确认退款',
      confirm: '确定全额退款吗？退款后报名将被取消，座位释放；已发的学分证书将标记待复核。',
    },
    done: {
      move: '已换票。',
      refund: '已登记退款，报名已取消。',
      refundPending: '已向 Stripe 申请退款；Stripe 确认后报名自动取消。',
    },
    evidenceLink: '学分凭证',
    evidence: {
      title: '学分凭证 · {{name}}',
      back: '返回报名名单',
      summary: '票种：{{ticket}} · 状态：{{status}} · 共出勤 {{minutes}} 分钟',
      forums: '各论坛出勤',
      forum: '论坛',
      time: '时间',
      minutes: '分钟',
      sources: '来源',
      open: '查看明细',
      noForums: '该活动没有论坛。',
      sourceNames: { LIVE: '直播', VENUE: '现场', REPLAY: '回放' },
      exam: '考试：{{state}}',
      survey: '评估问卷：{{state}}',
      certificates: '证书',
      noCertificates: '尚未发放证书。',
      certificate: '{{rule}} · {{credits}} 学分 · {{status}}',
      credits: '学分与证书页面',
    },
  },
}

export const en: typeof zhCN = {
  deskRows: {
    columns: { minutes: 'Minutes attended', exam: 'Exam', survey: 'Survey' },
    exam: { none: 'No exam', not_started: 'Not started', in_progress: 'In progress', awaiting_grade: 'Awaiting grade', failed: 'Not passed', passed: 'Passed' },
    survey: { none: 'No survey', not_completed: 'Not completed', completed: 'Completed' },
    minutesHint: 'Time attended live, on site and on replay; two devices or parallel forums count once. Credited minutes are on the credit evidence.',
    move: {
      summary: 'Move',
      ticket: 'New ticket',
      note: 'Note (required when the price differs)',
      submit: 'Move to this ticket',
      price: '{{ticket}} ({{price}})',
    },
    moveProblem: {
      same_ticket: 'The registration already has this ticket.',
      not_movable: 'Only a confirmed registration, or one awaiting approval or payment, can move to another ticket.',
      sold_out: 'The new ticket has no seat left.',
      payment_pending: 'A payment at the old price is under way (online or by bank transfer): it can only move to a ticket of the same price.',
      note_required: 'The new ticket has another price: give the reason in the note (what was paid stays as it is; refund or collect the difference separately).',
    },
    refund: {
      summary: 'Refund',
      stripe: 'Refund in full through Stripe',
      transfer: 'Record a refund by bank transfer (in full)',
      reference: 'Reference of the refund transfer',
      referenceRequired: 'Enter the reference of the refund transfer.',
      submit: 'Refund',
      confirm: 'Refund in full? The registration is cancelled and its seat freed; an issued certificate is flagged for review.',
    },
    done: {
      move: 'Moved to the other ticket.',
      refund: 'Refund recorded; the registration is cancelled.',
      refundPending: 'Refund requested from Stripe; the registration is cancelled once Stripe confirms.',
    },
    evidenceLink: 'Credit evidence',
    evidence: {
      title: 'Credit evidence · {{name}}',
      back: 'Back to the registrations',
      summary: 'Ticket: {{ticket}} · Status: {{status}} · {{minutes}} minutes attended in all',
      forums: 'Attendance per forum',
      forum: 'Forum',
      time: 'Time',
      minutes: 'Minutes',
      sources: 'Sources',
      open: 'Details',
      noForums: 'This event has no forums.',
      sourceNames: { LIVE: 'Live', VENUE: 'On site', REPLAY: 'Replay' },
      exam: 'Exam: {{state}}',
      survey: 'Survey: {{state}}',
      certificates: 'Certificates',
      noCertificates: 'No certificate issued yet.',
      certificate: '{{rule}} · {{credits}} credits · {{status}}',
      credits: 'Credits and certificates page',
    },
  },
}
