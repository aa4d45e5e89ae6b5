import { useMemo } from 'react';
import { NavLink, Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { companyApi } from '../api/client';
import { useI18n } from './i18n';
import { permissionsFor, useSession, type Company, type Permissions } from './session';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="inline">
      {t('language')}{' '}
      <select value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'fr')} aria-label={t('language')}>
        <option value="fr">Français</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

/** The current company (from the URL) and what the user's roles there allow. */
export function useCompany(): { company: Company; companyId: string; can: Permissions } {
  const { companyId } = useParams();
  const { companies } = useSession();
  const company = companies.find((c) => c.id === companyId);
  if (!company) throw new Error(`not a member of company ${companyId}`);
  return { company, companyId: company.id, can: permissionsFor(company.roles) };
}

/** The typed API client bound to the current company's id. */
export function useCompanyApi() {
  const { companyId } = useCompany();
  return useMemo(() => companyApi(companyId), [companyId]);
}

/** Areas of the Studio: those built link to their page; those later issues add are shown as disabled, marked "coming". */
const AREAS: { key: Parameters<ReturnType<typeof useI18n>['t']>[0]; path?: string }[] = [
  { key: 'inbox', path: 'inbox' },
  { key: 'customers', path: 'customers' },
  { key: 'dashboards', path: 'dashboards' },
  { key: 'procedures', path: 'procedures' },
  { key: 'instances', path: 'instances' },
  { key: 'imports', path: 'imports' },
  { key: 'disputes', path: 'disputes' },
  { key: 'credit', path: 'credit' },
  { key: 'guarantees', path: 'guarantees' },
  { key: 'agencies', path: 'agencies' },
  { key: 'communications', path: 'communications' },
  { key: 'administration', path: 'administration' },
];

export function Shell() {
  const { t } = useI18n();
  const { user, companies, signOut } = useSession();
  const { companyId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const company = companies.find((c) => c.id === companyId);
  if (!company) {
    return companies.length > 0 ? <Navigate to={`/c/${companies[0].id}/procedures`} replace /> : <p role="alert">{t('forbidden')}</p>;
  }

  const switchCompany = (id: string) => {
    // Keep the area, drop the resource: a procedure of one company means nothing in another.
    const area = location.pathname.split('/')[3] ?? 'procedures';
    navigate(`/c/${id}/${area}`);
  };

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('appName')}</span>
        <label className="inline">
          {t('company')}{' '}
          <select value={company.id} onChange={(e) => switchCompany(e.target.value)} aria-label={t('company')}>
            {companies.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <span className="roles" aria-label={t('roles')} data-testid="roles">
          {company.roles.join(', ')}
        </span>
        <LanguageSwitch />
        <span className="user">{user?.displayName}</span>
        <button type="button" onClick={() => void signOut().then(() => navigate('/'))}>
          {t('signOut')}
        </button>
      </header>
      <div className="body">
        <nav aria-label={t('navMain')} className="sidenav">
          <ul>
            {AREAS.map((area) => (
              <li key={area.key}>
                {area.path ? (
                  <NavLink to={`/c/${company.id}/${area.path}`}>{t(area.key)}</NavLink>
                ) : (
                  <span className="disabled" aria-disabled="true">
                    {t(area.key)} <small>({t('coming')})</small>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <main className="content">
          <Outlet key={company.id} />
        </main>
      </div>
    </div>
  );
}
