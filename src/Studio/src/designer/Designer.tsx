import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { Schemas } from '../api/client';
import { useI18n } from '../app/i18n';
import { Canvas, autoLayout, type Mark } from './Canvas';
import { localProblems } from './checks';
import { PropertyPanel } from './PropertyPanel';
import { WorkflowPanel } from './WorkflowPanel';
import { newActivityId, type ActivityDef, type ActivityDescriptor, type ConnectionDef, type Definition } from './model';

type ServerProblem = Schemas['DefinitionProblemResponse'];

/** The definition being edited, with undo and redo. */
export function useDefinitionHistory(initial: Definition) {
  const [state, setState] = useState({ past: [] as Definition[], present: initial, future: [] as Definition[] });
  const apply = useCallback((change: (d: Definition) => Definition) => {
    setState((s) => {
      const next = change(s.present);
      return next === s.present ? s : { past: [...s.past.slice(-99), s.present], present: next, future: [] };
    });
  }, []);
  const undo = useCallback(() => setState((s) => (s.past.length === 0 ? s : { past: s.past.slice(0, -1), present: s.past[s.past.length - 1], future: [s.present, ...s.future] })), []);
  const redo = useCallback(() => setState((s) => (s.future.length === 0 ? s : { past: [...s.past, s.present], present: s.future[0], future: s.future.slice(1) })), []);
  const reset = useCallback((d: Definition) => setState({ past: [], present: d, future: [] }), []);
  return { definition: state.present, apply, undo, redo, reset, canUndo: state.past.length > 0, canRedo: state.future.length > 0 };
}

export type DefinitionHistory = ReturnType<typeof useDefinitionHistory>;

export interface DesignerProps {
  history: DefinitionHistory;
  descriptors: ActivityDescriptor[];
  readOnly: boolean;
  serverProblems: ServerProblem[];
  marks?: Map<string, Mark[]>;
  ghosts?: ActivityDef[];
}

export function Designer(props: DesignerProps) {
  return (
    <ReactFlowProvider>
      <DesignerInner {...props} />
    </ReactFlowProvider>
  );
}

let clipboard: { activities: ActivityDef[]; connections: ConnectionDef[] } | null = null;

function DesignerInner({ history, descriptors, readOnly, serverProblems, marks, ghosts }: DesignerProps) {
  const { t } = useI18n();
  const flow = useReactFlow();
  const { definition, apply, undo, redo } = history;
  const byType = useMemo(() => new Map(descriptors.map((d) => [d.type, d])), [descriptors]);
  const [selected, setSelected] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const local = useMemo(() => localProblems(definition, byType), [definition, byType]);
  const selectedActivity = selected.length === 1 ? definition.activities.find((a) => a.id === selected[0]) : undefined;

  const problemMarks = useMemo(() => {
    const m = new Map<string, Mark[]>(marks ?? []);
    for (const p of [...local, ...serverProblems]) {
      if (p.activityId && !(m.get(p.activityId) ?? []).includes('problem')) m.set(p.activityId, [...(m.get(p.activityId) ?? []), 'problem']);
    }
    return m;
  }, [marks, local, serverProblems]);

  const addActivity = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      const descriptor = byType.get(type);
      let id = '';
      apply((d) => {
        id = newActivityId(type, d.activities.map((a) => a.id));
        const inputs: Record<string, unknown> = {};
        for (const input of descriptor?.inputs ?? []) if (input.default !== undefined && input.default !== null) inputs[input.name] = input.default;
        if (type === 'workflow.join') inputs.mode = 'all';
        const maxY = Math.max(0, ...d.activities.map((a) => a.position?.y ?? 0));
        const activity: ActivityDef = { id, type, name: null, inputs, outputs: {}, position: position ?? { x: 0, y: maxY + 140 } };
        return { ...d, activities: [...d.activities, activity] };
      });
      setSelected([id]);
    },
    [apply, byType],
  );

  const deleteSelection = useCallback(
    (ids: string[], connectionIndexes: number[] = []) => {
      if (ids.length === 0 && connectionIndexes.length === 0) return;
      apply((d) => ({
        ...d,
        activities: d.activities.filter((a) => !ids.includes(a.id)),
        connections: d.connections.filter((c, i) => !connectionIndexes.includes(i) && !ids.includes(c.source.activity) && !ids.includes(c.target.activity)),
      }));
      setSelected([]);
    },
    [apply],
  );

  const copy = useCallback(() => {
    const activities = definition.activities.filter((a) => selected.includes(a.id));
    if (activities.length === 0) return;
    clipboard = {
      activities: structuredClone(activities),
      connections: structuredClone(definition.connections.filter((c) => selected.includes(c.source.activity) && selected.includes(c.target.activity))),
    };
  }, [definition, selected]);

  const paste = useCallback(() => {
    if (!clipboard) return;
    const copied = clipboard;
    const newIds: string[] = [];
    apply((d) => {
      const taken = d.activities.map((a) => a.id);
      const rename = new Map<string, string>();
      for (const a of copied.activities) {
        const id = newActivityId(a.id.replace(/\d+$/, '') || a.type, [...taken, ...rename.values()]);
        rename.set(a.id, id);
      }
      const activities = copied.activities.map((a) => ({ ...structuredClone(a), id: rename.get(a.id)!, position: { x: (a.position?.x ?? 0) + 40, y: (a.position?.y ?? 0) + 40 } }));
      const connections = copied.connections.map((c) => ({ source: { ...c.source, activity: rename.get(c.source.activity)! }, target: { ...c.target, activity: rename.get(c.target.activity)! } }));
      newIds.push(...activities.map((a) => a.id));
      return { ...d, activities: [...d.activities, ...activities], connections: [...d.connections, ...connections] };
    });
    setSelected(newIds);
  }, [apply]);

  const layout = useCallback(() => {
    apply((d) => {
      const positions = autoLayout(d);
      return { ...d, activities: d.activities.map((a) => ({ ...a, position: positions[a.id] ?? a.position })) };
    });
    setTimeout(() => void flow.fitView({ duration: 200 }), 50);
  }, [apply, flow]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable]')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || readOnly) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
        e.preventDefault();
        redo();
      } else if (key === 'c') {
        copy();
      } else if (key === 'v') {
        e.preventDefault();
        paste();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, copy, paste, readOnly]);

  const focusActivity = (activityId: string | null | undefined) => {
    if (!activityId) {
      setSelected([]);
      return;
    }
    setSelected([activityId]);
    void flow.fitView({ nodes: [{ id: activityId }], duration: 200, maxZoom: 1.2 });
  };

  const categories = useMemo(() => {
    const q = search.trim().toLowerCase();
    const groups = new Map<string, ActivityDescriptor[]>();
    for (const d of descriptors) {
      if (q && !`${d.displayName} ${d.type} ${d.category} ${d.description}`.toLowerCase().includes(q)) continue;
      groups.set(d.category, [...(groups.get(d.category) ?? []), d]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [descriptors, search]);

  const problemCount = local.length + serverProblems.length;

  return (
    <div className="designer">
      {!readOnly && (
        <aside className="palette" aria-label={t('palette')}>
          <h2>{t('palette')}</h2>
          <input type="search" placeholder={t('search')} aria-label={`${t('search')} ${t('palette')}`} value={search} onChange={(e) => setSearch(e.target.value)} />
          {categories.map(([category, items]) => (
            <div key={category} className="palette-group" role="group" aria-label={category}>
              <h3>{category}</h3>
              <ul>
                {items.map((d) => (
                  <li key={d.type}>
                    <button
                      type="button"
                      className="palette-item"
                      draggable
                      title={d.description}
                      data-activity-type={d.type}
                      onDragStart={(e) => {
                        e.dataTransfer.setData('application/x-etrepaye-activity', d.type);
                        e.dataTransfer.effectAllowed = 'copy';
                      }}
                      onClick={() => addActivity(d.type)}
                      aria-label={`${t('add')} ${d.displayName}`}
                    >
                      {d.displayName}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </aside>
      )}
      <div className="canvas-column">
        <div className="toolbar" role="toolbar" aria-label="Designer">
          {!readOnly && (
            <>
              <button type="button" onClick={undo} disabled={!history.canUndo} title="Ctrl+Z">
                {t('undo')}
              </button>
              <button type="button" onClick={redo} disabled={!history.canRedo} title="Ctrl+Y">
                {t('redo')}
              </button>
              <button type="button" onClick={copy} disabled={selected.length === 0} title="Ctrl+C">
                {t('copy')}
              </button>
              <button type="button" onClick={paste} title="Ctrl+V">
                {t('paste')}
              </button>
              <button type="button" onClick={() => deleteSelection(selected)} disabled={selected.length === 0} title="Delete">
                {t('delete')}
              </button>
              <button type="button" onClick={layout}>
                {t('autoLayout')}
              </button>
            </>
          )}
          <button type="button" onClick={() => void flow.fitView({ duration: 200 })}>
            {t('fitView')}
          </button>
        </div>
        <Canvas
          definition={definition}
          descriptors={byType}
          marks={problemMarks}
          ghosts={ghosts}
          selectedIds={selected}
          readOnly={readOnly}
          onSelect={setSelected}
          onMove={(positions) => apply((d) => ({ ...d, activities: d.activities.map((a) => (positions[a.id] ? { ...a, position: positions[a.id] } : a)) }))}
          onConnect={(source, port, target) =>
            apply((d) =>
              d.connections.some((c) => c.source.activity === source && c.source.port === port && c.target.activity === target)
                ? d
                : { ...d, connections: [...d.connections, { source: { activity: source, port }, target: { activity: target, port: 'In' } }] },
            )
          }
          onDelete={deleteSelection}
          onDropActivity={addActivity}
        />
        <section className="validation-panel" aria-label={t('validation')}>
          <h2>
            {t('validation')} <span className="badge" data-testid="problem-count">{problemCount}</span>
          </h2>
          {problemCount === 0 ? (
            <p>{t('noProblems')}</p>
          ) : (
            <ul>
              {[...local.map((p) => ({ ...p, origin: 'local' })), ...serverProblems.map((p) => ({ ...p, origin: 'server' }))].map((p, i) => (
                <li key={i}>
                  <button type="button" className="link" data-problem-code={p.code} onClick={() => focusActivity(p.activityId)}>
                    <code>{p.code}</code> {p.activityId ? <strong>{p.activityId}</strong> : null} {p.message}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <aside className="side-panel">
        {selectedActivity ? (
          <PropertyPanel
            key={selectedActivity.id}
            activity={selectedActivity}
            descriptor={byType.get(selectedActivity.type)}
            definition={definition}
            readOnly={readOnly}
            problems={serverProblems.filter((p) => p.activityId === selectedActivity.id)}
            onChange={(updated) => apply((d) => ({ ...d, activities: d.activities.map((a) => (a.id === selectedActivity.id ? updated : a)) }))}
            onRename={(newId) => {
              const oldId = selectedActivity.id;
              apply((d) => renameActivity(d, oldId, newId));
              setSelected([newId]);
            }}
          />
        ) : (
          <>
            <p className="muted">{t('noSelection')}</p>
            <WorkflowPanel definition={definition} readOnly={readOnly} onChange={(d) => apply(() => d)} />
          </>
        )}
      </aside>
    </div>
  );
}

function renameActivity(d: Definition, oldId: string, newId: string): Definition {
  const swap = (id: string) => (id === oldId ? newId : id);
  return {
    ...d,
    start: { ...d.start, activity: swap(d.start.activity) },
    activities: d.activities.map((a) => (a.id === oldId ? { ...a, id: newId } : a)),
    connections: d.connections.map((c) => ({ source: { ...c.source, activity: swap(c.source.activity) }, target: { ...c.target, activity: swap(c.target.activity) } })),
    eventHandlers: d.eventHandlers?.map((h) => (h.activity ? { ...h, activity: swap(h.activity) } : h)),
  };
}
