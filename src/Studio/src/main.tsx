import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Navigate, RouterProvider, createBrowserRouter } from 'react-router-dom';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { I18nProvider, useI18n } from './app/i18n';
import { SessionProvider, useSession } from './app/session';
import { Shell } from './app/Shell';
import { SignInPage } from './pages/SignIn';
import { ProceduresPage } from './pages/Procedures';
import { ProcedurePage } from './pages/ProcedurePage';
import { InstancesPage, InstancePage } from './pages/Instances';
import { DisputeLinkPage } from './pages/DisputeLink';
import { CaseLinkPage } from './pages/CaseLink';

function Gate() {
  const { user, companies, loading } = useSession();
  const { t } = useI18n();
  if (loading) return <p aria-busy="true">{t('loading')}</p>;
  if (!user) return <SignInPage />;
  return companies.length > 0 ? <Navigate to={`/c/${companies[0].id}/procedures`} replace /> : <p role="alert">{t('forbidden')}</p>;
}

function Authenticated() {
  const { user, loading } = useSession();
  const { t } = useI18n();
  if (loading) return <p aria-busy="true">{t('loading')}</p>;
  if (!user) return <SignInPage />;
  return <Shell />;
}

const router = createBrowserRouter([
  { path: '/', element: <Gate /> },
  { path: '/dispute-link', element: <DisputeLinkPage /> },
  { path: '/case-link', element: <CaseLinkPage /> },
  {
    path: '/c/:companyId',
    element: <Authenticated />,
    children: [
      { index: true, element: <Navigate to="procedures" replace /> },
      { path: 'procedures', element: <ProceduresPage /> },
      { path: 'procedures/:procedureId/:tab?', element: <ProcedurePage /> },
      { path: 'instances', element: <InstancesPage /> },
      { path: 'instances/:instanceId', element: <InstancePage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
