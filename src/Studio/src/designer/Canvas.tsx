import { memo, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import dagre from '@dagrejs/dagre';
import { portsOf, type ActivityDescriptor, type Definition } from './model';

export type Mark = 'added' | 'changed' | 'removed' | 'visited' | 'problem';

export interface ActivityNodeData extends Record<string, unknown> {
  id: string;
  label: string;
  type: string;
  ports: string[];
  isStart: boolean;
  marks: Mark[];
  displayType: string;
}

const ActivityNode = memo(function ActivityNode({ data, selected }: NodeProps<Node<ActivityNodeData>>) {
  return (
    <div
      className={`activity-node ${data.marks.map((m) => `mark-${m}`).join(' ')}${selected ? ' selected' : ''}`}
      data-activity-id={data.id}
      aria-label={`${data.label} (${data.displayType})${data.marks.length ? ' — ' + data.marks.join(', ') : ''}`}
    >
      {!data.isStart && <Handle type="target" position={Position.Top} id="In" aria-label={`${data.id} In`} />}
      {data.isStart && <div className="start-badge">▶</div>}
      <div className="node-title">{data.label}</div>
      <div className="node-type">{data.displayType}</div>
      {data.marks.length > 0 && <div className="node-marks">{data.marks.join(' · ')}</div>}
      <div className="node-ports">
        {data.ports.map((port) => (
          <div key={port} className="node-port">
            <span>{port}</span>
            <Handle type="source" position={Position.Bottom} id={port} className="port-handle" data-port={port} aria-label={`${data.id} ${port}`} />
          </div>
        ))}
      </div>
    </div>
  );
});

const nodeTypes = { activity: ActivityNode };

export interface CanvasProps {
  definition: Definition;
  descriptors: Map<string, ActivityDescriptor>;
  marks?: Map<string, Mark[]>;
  /** Connections to draw in the "taken" style: `source/port/target`. */
  takenEdges?: Set<string>;
  /** Steps of another version shown as ghosts (removed steps of a diff). */
  ghosts?: Definition['activities'];
  selectedIds?: string[];
  readOnly: boolean;
  onSelect?: (ids: string[]) => void;
  onMove?: (positions: Record<string, { x: number; y: number }>) => void;
  onConnect?: (source: string, port: string, target: string) => void;
  onDelete?: (activityIds: string[], connectionIndexes: number[]) => void;
  onDropActivity?: (type: string, position: { x: number; y: number }) => void;
}

const NO_GHOSTS: Definition['activities'] = [];
const NO_IDS: string[] = [];

export function edgeKey(source: string, port: string, target: string): string {
  return `${source}/${port}/${target}`;
}

/** The procedure as a flowchart: one node per activity with its named ports as handles, one edge per connection. */
export function Canvas({ definition, descriptors, marks, takenEdges, ghosts = NO_GHOSTS, selectedIds = NO_IDS, readOnly, onSelect, onMove, onConnect, onDelete, onDropActivity }: CanvasProps) {
  const flow = useReactFlow();
  const derived = useMemo<Node<ActivityNodeData>[]>(() => {
    const nodes: Node<ActivityNodeData>[] = definition.activities.map((a, i) => {
      const descriptor = descriptors.get(a.type);
      return {
        id: a.id,
        type: 'activity',
        position: a.position ?? { x: (i % 4) * 220, y: Math.floor(i / 4) * 140 },
        deletable: !readOnly,
        data: {
          id: a.id,
          label: a.name || a.id,
          type: a.type,
          displayType: descriptor?.displayName ?? a.type,
          ports: portsOf(a, descriptor),
          isStart: definition.start.activity === a.id,
          marks: marks?.get(a.id) ?? [],
        },
      };
    });
    for (const g of ghosts) {
      nodes.push({
        id: `ghost:${g.id}`,
        type: 'activity',
        position: g.position ?? { x: 0, y: 0 },
        draggable: false,
        selectable: false,
        deletable: false,
        data: { id: g.id, label: g.name || g.id, type: g.type, displayType: descriptors.get(g.type)?.displayName ?? g.type, ports: [], isStart: false, marks: ['removed'] },
      });
    }
    return nodes;
  }, [definition, descriptors, marks, ghosts, readOnly]);

  // React Flow moves and selects nodes locally; the definition gets the positions when a drag ends, and the
  // selection asked for from outside (a new step, a problem clicked) is applied here, so the two never chase each other.
  // Both effects go through syncNodes, which returns the current array itself when nothing changed: an effect that
  // runs again without a change does not update the state, so no render loop can start here.
  const selectedRef = useRef(selectedIds);
  selectedRef.current = selectedIds;
  const [nodes, setNodes] = useState(() => syncNodes([], derived, selectedIds));
  useEffect(() => setNodes((current) => syncNodes(current, derived, selectedRef.current)), [derived]);
  useEffect(() => setNodes((current) => syncSelection(current, selectedIds)), [selectedIds]);

  const edges = useMemo<Edge[]>(
    () =>
      definition.connections.map((c, index) => {
        const taken = takenEdges?.has(edgeKey(c.source.activity, c.source.port, c.target.activity));
        return {
          id: `c${index}`,
          source: c.source.activity,
          sourceHandle: c.source.port,
          target: c.target.activity,
          targetHandle: 'In',
          label: c.source.port,
          deletable: !readOnly,
          animated: !!taken,
          className: taken ? 'edge-taken' : undefined,
          data: { index },
        };
      }),
    [definition.connections, takenEdges, readOnly],
  );

  // A new simulated path: show the whole flow again.
  useEffect(() => {
    if (takenEdges) {
      const timer = setTimeout(() => void flow.fitView({ duration: 200 }), 50);
      return () => clearTimeout(timer);
    }
  }, [takenEdges, flow]);

  // The selection is reported from React Flow's own select changes, which only the user's clicks and box selections make,
  // never from the selection it is given: reporting that back would chase the state it lags one render behind.
  const onNodesChange = (changes: NodeChange<Node<ActivityNodeData>>[]) => {
    if (changes.length === 0) return;
    const next = applyNodeChanges(changes, nodes);
    setNodes(next);
    if (changes.some((c) => c.type === 'select')) {
      const ids = next.filter((n) => n.selected && !n.id.startsWith('ghost:')).map((n) => n.id);
      if (!sameIds(ids, selectedIds)) onSelect?.(ids);
    }
  };

  return (
    <div
      className="canvas"
      data-testid="canvas"
      onDragOver={(e) => {
        if (!readOnly && e.dataTransfer.types.includes('application/x-etrepaye-activity')) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={(e) => {
        const type = e.dataTransfer.getData('application/x-etrepaye-activity');
        if (!type || readOnly) return;
        e.preventDefault();
        onDropActivity?.(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        onNodeDragStop={(_, __, dragged) => {
          const positions: Record<string, { x: number; y: number }> = {};
          for (const n of dragged) positions[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
          onMove?.(positions);
        }}
        onConnect={(c: Connection) => {
          if (c.source && c.target && c.sourceHandle && c.source !== c.target) onConnect?.(c.source, c.sourceHandle, c.target);
        }}
        onDelete={({ nodes: deletedNodes, edges: deletedEdges }) =>
          onDelete?.(
            deletedNodes.map((n) => n.id).filter((id) => !id.startsWith('ghost:')),
            deletedEdges.map((e) => (e.data as { index: number }).index),
          )
        }
        fitView
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** Positions from a top-down layered layout (dagre), ports ordered as the activity lists them. */
export function autoLayout(definition: Definition): Record<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const a of definition.activities) graph.setNode(a.id, { width: 190, height: 90 });
  for (const c of definition.connections) {
    if (graph.hasNode(c.source.activity) && graph.hasNode(c.target.activity)) graph.setEdge(c.source.activity, c.target.activity);
  }
  dagre.layout(graph);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const a of definition.activities) {
    const n = graph.node(a.id);
    positions[a.id] = { x: Math.round(n.x - 95), y: Math.round(n.y - 45) };
  }
  return positions;
}

export function sameIds(left: readonly string[], right: readonly string[]): boolean {
  if (left.length !== right.length) return false;
  const set = new Set(right);
  return left.every((id) => set.has(id));
}

/**
 * The nodes to show for a new derivation of the definition: a node equal to the one shown keeps its object (and what React
 * Flow measured on it), and when every node is kept the current array itself is returned, so that setting it is no update.
 */
export function syncNodes(current: Node<ActivityNodeData>[], derived: Node<ActivityNodeData>[], selectedIds: readonly string[]): Node<ActivityNodeData>[] {
  const selected = new Set(selectedIds);
  const byId = new Map(current.map((n) => [n.id, n]));
  let changed = current.length !== derived.length;
  const next = derived.map((d, i) => {
    const shown = byId.get(d.id);
    const isSelected = selected.has(d.id);
    if (shown && sameNode(shown, d) && !!shown.selected === isSelected) {
      if (current[i] !== shown) changed = true;
      return shown;
    }
    changed = true;
    return shown ? { ...shown, ...d, selected: isSelected } : { ...d, selected: isSelected };
  });
  return changed ? next : current;
}

/** The nodes with the selection asked for; the current array itself when it already is. */
export function syncSelection(current: Node<ActivityNodeData>[], selectedIds: readonly string[]): Node<ActivityNodeData>[] {
  const selected = new Set(selectedIds);
  return current.every((n) => !!n.selected === selected.has(n.id)) ? current : current.map((n) => (!!n.selected === selected.has(n.id) ? n : { ...n, selected: selected.has(n.id) }));
}

function sameNode(shown: Node<ActivityNodeData>, derived: Node<ActivityNodeData>): boolean {
  return (
    shown.type === derived.type &&
    shown.position.x === derived.position.x &&
    shown.position.y === derived.position.y &&
    shown.draggable === derived.draggable &&
    shown.selectable === derived.selectable &&
    shown.deletable === derived.deletable &&
    sameData(shown.data, derived.data)
  );
}

function sameData(a: ActivityNodeData, b: ActivityNodeData): boolean {
  return (
    a.id === b.id &&
    a.label === b.label &&
    a.type === b.type &&
    a.displayType === b.displayType &&
    a.isStart === b.isStart &&
    a.ports.length === b.ports.length &&
    a.ports.every((p, i) => p === b.ports[i]) &&
    a.marks.length === b.marks.length &&
    a.marks.every((m, i) => m === b.marks[i])
  );
}
