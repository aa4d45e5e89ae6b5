import { useState } from 'react';
import { num, type Schemas } from '../api/client';
import { useCompany } from '../app/Shell';
import { useI18n } from '../app/i18n';

/** The written procedure of a published version or of the saved draft, previewed as HTML, with its PDF to download. */
export function WrittenProcedure({ procedure }: { procedure: Schemas['ProcedureResponse'] }) {
  const { t, lang } = useI18n();
  const { companyId } = useCompany();
  const latest = num(procedure.latestVersion);
  const hasDraft = !!procedure.draft;
  // 0 is the draft: a procedure being written can be read (and printed) before it is published.
  const [version, setVersion] = useState(procedure.publishedVersion != null ? num(procedure.publishedVersion) : hasDraft ? 0 : latest);
  const [docLang, setDocLang] = useState(lang);
  if (latest === 0 && !hasDraft) return <p role="note">{t('noVersion')}</p>;
  const base = `/api/companies/${companyId}/procedures/${procedure.id}`;
  const url = (format: string) => `${base}/${version === 0 ? 'draft' : `versions/${version}`}/document?format=${format}&lang=${docLang}`;
  return (
    <section aria-label={t('document')} className="written">
      <div className="inline-form">
        <label>
          {t('version')}{' '}
          <select value={version} onChange={(e) => setVersion(Number(e.target.value))}>
            {hasDraft && <option value={0}>{t('draftLabel')}</option>}
            {Array.from({ length: latest }, (_, i) => i + 1).map((v) => (
              <option key={v} value={v}>
                v{v}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('language')}{' '}
          <select value={docLang} onChange={(e) => setDocLang(e.target.value === 'en' ? 'en' : 'fr')}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </label>
        <a href={url('pdf')} download>
          {t('downloadPdf')}
        </a>
      </div>
      <iframe title={t('document')} src={url('html')} className="document-frame" />
    </section>
  );
}
