/**
 * Mail priority in the staff outbox (issue 15, SMTP): bulk mails are sent after every
 * transactional one. Spread into resources.ts as the `emailPriority` namespace; the resources
 * test checks both languages have the same keys.
 */
export const zhCN = {
  emailPriority: {
    BULK: '批量',
    bulkHint: '批量邮件（群发、提醒、证书与回放通知、导入邀请）在密码重置、报名确认等邮件之后发送。',
  },
}

export const en: typeof zhCN = {
  emailPriority: {
    BULK: 'Bulk',
    bulkHint: 'Bulk mails (messages to registrants, reminders, certificate and replay notices, import invitations) are sent after password resets, confirmations and other personal mails.',
  },
}
