/** A delivery status notification as a mail server writes it. */
export const dsn = (address: string, messageId: string, status = '5.1.1') => [
  'From: Mail Delivery System <MAILER-DAEMON@mx.example>', 'To: news@karta.test', 'Subject: Undelivered Mail Returned to Sender',
  `Message-ID: <dsn-${Date.now()}-${Math.random()}@mx.example>`, 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
  '--B', 'Content-Type: text/plain', '', 'Your message could not be delivered.', '',
  '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example', '', `Final-Recipient: rfc822; ${address}`, `Action: ${status.startsWith('4') ? 'delayed' : 'failed'}`,
  `Status: ${status}`, `Diagnostic-Code: smtp; 550 ${status} User unknown`, '',
  '--B', 'Content-Type: text/rfc822-headers', '', `Message-ID: ${messageId}`, 'Subject: News', '', '--B--', '',
].join('\r\n');
