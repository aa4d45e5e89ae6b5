import { Profiler, useState } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { act, render } from '@testing-library/react';
import { ReactFlowProvider, type Node } from '@xyflow/react';
import { Canvas, syncNodes, syncSelection, type ActivityNodeData, type Mark } from './Canvas';
import type { ActivityDescriptor, Definition } from './model';

// jsdom has no layout: React Flow needs these to mount, and nodes with a size (a node measured 0 × 0 is measured again and again).
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 190 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 90 });
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  globalThis.DOMMatrixReadOnly ??= class {
    m22 = 1;
    constructor() {}
  } as unknown as typeof DOMMatrixReadOnly;
});

const descriptor: ActivityDescriptor = {
  type: 'test.step',
  displayName: 'Step',
  category: 'Test',
  description: '',
  inputs: [],
  outputs: [],
  ports: [{ name: 'Done' }],
  dynamicPorts: null,
  isWait: false,
};

const definition: Definition = {
  definitionId: 'p',
  version: 1,
  name: 'P',
  inputs: [],
  variables: [],
  start: { activity: 'a' },
  activities: ['a', 'b', 'c'].map((id, i) => ({ id, type: 'test.step', inputs: {}, outputs: {}, position: { x: 0, y: i * 140 } })),
  connections: [
    { source: { activity: 'a', port: 'Done' }, target: { activity: 'b' } },
    { source: { activity: 'b', port: 'Done' }, target: { activity: 'c' } },
  ],
};

function node(id: string, x = 0, marks: Mark[] = []): Node<ActivityNodeData> {
  return { id, type: 'activity', position: { x, y: 0 }, deletable: true, data: { id, label: id, type: 't', displayType: 'T', ports: ['Done'], isStart: false, marks } };
}

describe('syncNodes', () => {
  it('returns the current array itself when a new derivation has the same content', () => {
    const current = syncNodes([], [node('a'), node('b')], ['b']);
    const again = syncNodes(current, [node('a'), node('b')], ['b']);
    expect(again).toBe(current);
    expect(syncNodes(again, [node('a'), node('b')], ['b'])).toBe(current);
  });

  it('replaces only the node that changed and keeps what React Flow measured', () => {
    const current = syncNodes([], [node('a'), node('b')], []).map((n) => ({ ...n, measured: { width: 190, height: 90 } }));
    const next = syncNodes(current, [node('a'), node('b', 0, ['problem'])], []);
    expect(next).not.toBe(current);
    expect(next[0]).toBe(current[0]);
    expect(next[1].data.marks).toEqual(['problem']);
    expect(next[1].measured).toEqual({ width: 190, height: 90 });
    expect(syncNodes(next, [node('a'), node('b', 0, ['problem'])], [])).toBe(next);
  });

  it('applies the selection, and a removed node goes', () => {
    const current = syncNodes([], [node('a'), node('b')], []);
    const selected = syncNodes(current, [node('a'), node('b')], ['a']);
    expect(selected.map((n) => !!n.selected)).toEqual([true, false]);
    expect(syncNodes(selected, [node('b')], []).map((n) => n.id)).toEqual(['b']);
  });
});

describe('syncSelection', () => {
  it('is the same array when the selection is already shown, whatever the order asked for', () => {
    const current = syncNodes([], [node('a'), node('b'), node('c')], ['c', 'a']);
    expect(syncSelection(current, ['a', 'c'])).toBe(current);
    const changed = syncSelection(current, ['b']);
    expect(changed.map((n) => !!n.selected)).toEqual([false, true, false]);
    expect(syncSelection(changed, ['b'])).toBe(changed);
  });
});

describe('Canvas', () => {
  function Harness({ onSelect, onRender }: { onSelect: (ids: string[]) => void; onRender: () => void }) {
    // A parent that hands new (but equal) objects on every render, and stores the selection it is told about, as the designer does.
    const [selected, setSelected] = useState<string[]>(['c', 'a']);
    const [tick, setTick] = useState(0);
    const marks = new Map<string, Mark[]>([['b', ['visited']]]);
    return (
      <ReactFlowProvider>
        <button type="button" onClick={() => setTick(tick + 1)}>
          rerender
        </button>
        <Profiler id="canvas" onRender={onRender}>
          <Canvas
            definition={definition}
            descriptors={new Map([[descriptor.type, descriptor]])}
            marks={marks}
            selectedIds={[...selected]}
            readOnly={false}
            onSelect={(ids) => {
              onSelect(ids);
              setSelected(ids);
            }}
          />
        </Profiler>
      </ReactFlowProvider>
    );
  }

  it('settles without a render loop when its parent passes new but equal props on every render', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const onSelect = vi.fn();
    let renders = 0;
    const view = render(<Harness onSelect={onSelect} onRender={() => renders++} />);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const settled = renders;
    expect(settled).toBeLessThan(10);

    // One more render of the parent costs one render of the canvas: its effects find nothing to change.
    await act(async () => {
      view.getByText('rerender').click();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(renders - settled).toBe(1);
    // The selection React Flow reports is the one asked for, in another order: not reported back as a change.
    expect(onSelect).not.toHaveBeenCalled();
    expect(errors.mock.calls.map((c) => String(c[0]))).not.toContainEqual(expect.stringContaining('Maximum update depth'));
    errors.mockRestore();
  });

  it('reports the step the user clicks as the selection, once', async () => {
    const onSelect = vi.fn();
    const view = render(<Harness onSelect={onSelect} onRender={() => undefined} />);
    const b = await vi.waitFor(() => {
      const element = view.container.querySelector('.react-flow__node[data-id="b"]');
      if (!element) throw new Error('not drawn yet');
      return element as HTMLElement;
    });
    await act(async () => {
      b.click();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect).toHaveBeenCalledWith(['b']);
    expect(view.container.querySelector('.react-flow__node[data-id="b"]')?.classList.contains('selected')).toBe(true);
  });
});
