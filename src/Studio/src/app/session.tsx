import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, call, type Schemas } from '../api/client';

export type Role = Schemas['CompanyRole'];
export type Company = Schemas['MyCompanyResponse'];
export type User = Schemas['CurrentUserResponse'];

interface Session {
  user: User | null;
  companies: Company[];
  loading: boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in person (the session cookie set by /api/auth/sign-in) and the companies they belong to, with their roles. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [companies, setCompanies] = useState<Company[]>([]);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    const me = await call(api.GET('/api/me'));
    const mine = await call(api.GET('/api/companies', { params: { query: { PageSize: 200 } } }));
    setCompanies(mine.items);
    setUser(me);
  }, []);

  useEffect(() => {
    load()
      .catch(() => setUser(null))
      .finally(() => setLoading(false));
    const onUnauthorized = () => setUser(null);
    window.addEventListener('etrepaye:unauthorized', onUnauthorized);
    return () => window.removeEventListener('etrepaye:unauthorized', onUnauthorized);
  }, [load]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      await call(api.POST('/api/auth/sign-in', { body: { email, password } }));
      await load();
    },
    [load],
  );

  const signOut = useCallback(async () => {
    await call(api.POST('/api/auth/sign-out'));
    setUser(null);
    setCompanies([]);
  }, []);

  return <SessionContext.Provider value={{ user, companies, loading, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** What the user's roles in the current company allow (docs/procedures.md, Roles). */
export interface Permissions {
  roles: Role[];
  editDrafts: boolean;
  publish: boolean;
  simulate: boolean;
  operate: boolean;
}

export function permissionsFor(roles: Role[]): Permissions {
  const has = (...wanted: Role[]) => wanted.some((r) => roles.includes(r));
  return {
    roles,
    editDrafts: has('Consultant', 'CreditManager', 'Administrator'),
    publish: has('CreditManager', 'Administrator'),
    simulate: has('Consultant', 'CreditManager', 'Administrator', 'Operator'),
    operate: has('CreditManager', 'Administrator', 'Operator'),
  };
}
