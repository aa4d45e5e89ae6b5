import { useState } from 'react';
import { call, companyApi, num } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { Loaded, Table, money, useLoad } from '../components/ui';

/** The archive of messages sent (or to be sent) by collection: reminders, formal notices, e-mails, with what each said. */
export function CommunicationsPage() {
  const { t } = useI18n();
  const client = useCompanyApi();
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const list = useLoad(
    () => call(client.GET('/api/companies/{companyId}/collection/messages', { params: { query: { status: status || undefined, channel: channel || undefined, PageSize: 200 } } })),
    [client, status, channel],
  );
  const [messageId, setMessageId] = useState<string | null>(null);
  return (
    <section aria-labelledby="communications-title">
      <h1 id="communications-title">{t('communications')}</h1>
      <div className="toolbar-row">
        <label>
          {t('status')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {['', 'Scheduled', 'Sent', 'Failed', 'Bounced', 'Cancelled'].map((s) => (
              <option key={s} value={s}>
                {s || t('all')}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('channel')}{' '}
          <select value={channel} onChange={(e) => setChannel(e.target.value)}>
            {['', 'Email', 'Letter'].map((s) => (
              <option key={s} value={s}>
                {s || t('all')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="list-detail">
        <Loaded state={list}>
          {(page) => (
            <Table
              caption={t('communications')}
              rows={page.items}
              rowKey={(m) => m.id}
              empty={t('noMessages')}
              columns={[
                { header: t('date'), cell: (m) => (m.sentAt ?? m.createdAt).replace('T', ' ').slice(0, 16) },
                { header: t('kind'), cell: (m) => `${m.kind} ${num(m.level) ? `#${num(m.level)}` : ''}` },
                { header: t('channel'), cell: (m) => m.channel },
                { header: t('recipient'), cell: (m) => m.recipient },
                { header: t('subject'), cell: (m) => <button type="button" className="link" onClick={() => setMessageId(m.id)}>{m.subject}</button> },
                { header: t('status'), cell: (m) => `${m.status}${m.statusReason ? ` (${m.statusReason})` : ''}` },
              ]}
            />
          )}
        </Loaded>
        {messageId && <Message messageId={messageId} client={client} />}
      </div>
    </section>
  );
}

function Message({ messageId, client }: { messageId: string; client: ReturnType<typeof companyApi> }) {
  const { t, lang } = useI18n();
  const { companyId } = useCompany();
  const state = useLoad(() => call(client.GET('/api/companies/{companyId}/collection/messages/{messageId}', { params: { path: { messageId } } })), [client, messageId]);
  return (
    <section className="panel" aria-label={t('message')}>
      <Loaded state={state}>
        {(m) => (
          <>
            <h2>{m.message.subject}</h2>
            <p className="muted">
              {m.message.recipient} · {m.message.channel} · {m.message.status} · {t('principal')} {money(m.principal, m.currency, lang)} · {t('interest')} {money(m.interest, m.currency, lang)} ·{' '}
              {t('indemnity')} {money(m.indemnity, m.currency, lang)}
            </p>
            <pre className="letter">{m.body}</pre>
            {m.attachments.length > 0 && (
              <ul>
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/api/companies/${companyId}/collection/messages/${messageId}/attachments/${a.id}`}>{a.fileName}</a>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
