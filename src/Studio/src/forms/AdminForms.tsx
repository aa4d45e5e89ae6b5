import { useState } from 'react';
import { call, type Schemas } from '../api/client';
import { useCompany, useCompanyApi } from '../app/Shell';
import { useI18n } from '../app/i18n';
import { FieldMessage, TextField, useActionForm } from './form';
import { orNull, validateLegalEntity, validateRoles, type LegalEntityDraft } from './rules';

const ENTITY_FIELDS = ['code', 'name', 'siren', 'vatNumber', 'address'] as const;

/** Adds a legal entity of the company (its code is what imports and guarantees name). */
export function LegalEntityForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const { companyId } = useCompany();
  const [added, setAdded] = useState(false);
  const initial: LegalEntityDraft = { code: '', name: '', siren: '', vatNumber: '', address: '' };
  const form = useActionForm({
    id: 'legal-entity',
    initial,
    fields: ENTITY_FIELDS,
    validate: validateLegalEntity,
    send: (d) =>
      call(
        client.POST('/api/companies/{companyId}/legal-entities', {
          params: { path: { companyId } },
          body: {
            code: d.code.trim(),
            name: d.name.trim(),
            siren: orNull(d.siren.replace(/\s/g, '')),
            vatNumber: orNull(d.vatNumber.replace(/\s/g, '').toUpperCase()),
            shareCapital: null,
            address: orNull(d.address),
          },
        }),
      ),
    onDone: () => {
      setAdded(true);
      onDone();
    },
  });
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="legal-entity-title">
      <h3 id="legal-entity-title">{t('actAddLegalEntity')}</h3>
      <TextField form={form} id="legal-entity" field="code" label={t('code')} />
      <TextField form={form} id="legal-entity" field="name" label={t('name')} />
      <TextField form={form} id="legal-entity" field="siren" label="SIREN" inputMode="numeric" />
      <TextField form={form} id="legal-entity" field="vatNumber" label={t('vatNumber')} />
      <TextField form={form} id="legal-entity" field="address" label={t('actAddress')} textarea />
      {form.problem}
      <button type="submit" disabled={form.busy}>
        {t('actAddLegalEntity')}
      </button>
      {added && <p role="status">{t('actSaved')}</p>}
    </form>
  );
}

const ROLES: Schemas['CompanyRole'][] = ['Administrator', 'CreditManager', 'Operator', 'Consultant', 'Viewer'];

/** Replaces a member's roles (at least one; removing the person is the membership's removal). */
export function MemberRolesForm({ member, onDone, onCancel }: { member: Schemas['MemberResponse']; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const client = useCompanyApi();
  const form = useActionForm({
    id: 'member-roles',
    initial: { roles: member.roles as string[] },
    fields: ['roles'] as const,
    validate: (d) => validateRoles(d.roles),
    send: (d) =>
      call(
        client.PUT('/api/companies/{companyId}/members/{membershipId}', {
          params: { path: { membershipId: member.membershipId } },
          body: { roles: d.roles as Schemas['CompanyRole'][], version: member.version },
        }),
      ),
    onDone,
  });
  const roles = form.draft.roles;
  return (
    <form className="panel" onSubmit={(e) => void form.submit(e)} noValidate aria-labelledby="member-roles-title">
      <h3 id="member-roles-title">
        {t('actChangeRoles')}: {member.displayName} ({member.email})
      </h3>
      <fieldset {...form.describe('roles')}>
        <legend>{t('roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="inline">
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => form.set({ roles: e.target.checked ? [...roles, r] : roles.filter((x) => x !== r) })} /> {r}
          </label>
        ))}
        <FieldMessage form={form} field="roles" id="member-roles" />
      </fieldset>
      {form.problem}
      <button type="submit" disabled={form.busy}>
        {t('saveSettings')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('close')}
      </button>
    </form>
  );
}
