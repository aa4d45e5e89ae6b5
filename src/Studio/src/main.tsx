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
import { DashboardPage } from './pages/Dashboard';
import { ImportsPage } from './pages/Imports';
import { DisputePage, DisputesPage } from './pages/Disputes';
import { CreditLimitsPage } from './pages/CreditLimits';
import { GuaranteesPage } from './pages/Guarantees';
import { AgenciesPage } from './pages/Agencies';
import { CommunicationsPage } from './pages/Communications';
import { AdministrationPage } from './pages/Administration';
import { InboxPage } from './pages/Inbox';
import { Customer360Page, CustomersPage } from './pages/Customer360';
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
      { path: 'dashboards', element: <DashboardPage /> },
      { path: 'imports', element: <ImportsPage /> },
      { path: 'disputes', element: <DisputesPage /> },
      { path: 'disputes/:disputeId', element: <DisputePage /> },
      { path: 'credit', element: <CreditLimitsPage /> },
      { path: 'guarantees', element: <GuaranteesPage /> },
      { path: 'agencies', element: <AgenciesPage /> },
      { path: 'communications', element: <CommunicationsPage /> },
      { path: 'administration', element: <AdministrationPage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:customerId', element: <Customer360Page /> },
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
